import { describe, expect, it } from 'vitest';
import firstTurn from '../../../test/fixtures/codex-responses-request.json';
import toolTurn from '../../../test/fixtures/codex-responses-tool-output-request.json';
import { RelayError } from '../../errors/relay-error.js';
import { validateResponsesRequest } from './validate-responses-request.js';

function rejection(body: unknown): RelayError {
  try {
    validateResponsesRequest(body);
  } catch (error) {
    if (RelayError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('validateResponsesRequest', () => {
  it('accepts real Codex requests as they are', () => {
    expect(validateResponsesRequest(firstTurn)).toBe(firstTurn);
    expect(validateResponsesRequest(toolTurn)).toBe(toolTurn);
    expect(validateResponsesRequest({ model: 'm', input: 'hi' }).input).toBe('hi');
  });

  it('refuses previous_response_id, telling the client to resend the input with store: false', () => {
    const error = rejection({ model: 'm', input: 'hi', previous_response_id: 'resp_1' });
    expect(error).toMatchObject({ status: 400, param: 'previous_response_id', type: 'invalid_request_error' });
    expect(error.message).toMatch(/stateless/);
    expect(error.message).toMatch(/store: false/);
  });

  it.each([
    [null, null],
    [{ model: 'm' }, 'input'],
    [{ input: 'x', model: 3 }, 'model'],
    [{ input: [{ type: 'message', role: 'tool', content: 'x' }] }, 'input[0].role'],
    [{ input: ['x', 'y'] }, 'input[0]'],
    [
      {
        input: [
          { role: 'user', content: 'a' },
          { type: 'function_call', name: 'f', arguments: '{}' },
        ],
      },
      'input[1].call_id',
    ],
    [{ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] }, 'input[0].arguments'],
    [{ input: [{ type: 'function_call_output', call_id: 'c', output: 5 }] }, 'input[0].output'],
    [{ input: [{ role: 'user', content: [{ type: 'input_text' }] }] }, 'input[0].content[0].text'],
    [{ input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0].image_url'],
    [{ input: [{ type: 'reasoning', summary: [{ type: 'summary_text' }] }] }, 'input[0].summary[0].text'],
    [{ input: [{ id: 'msg_1' }] }, 'input[0]'],
    [{ input: 'x', tools: [{ type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'a' }, { type: 'function' }] }] }, 'tools[0].tools[1].name'],
    [{ input: 'x', tool_choice: 'any' }, 'tool_choice'],
    [{ input: 'x', max_output_tokens: 0 }, 'max_output_tokens'],
    [{ input: 'x', stream: 'yes' }, 'stream'],
  ])('rejects %j naming %s', (body, param) => {
    expect(rejection(body)).toMatchObject({ status: 400, param });
  });

  it('says why an item reference cannot work', () => {
    expect(rejection({ input: [{ type: 'item_reference', id: 'msg_1' }] }).message).toMatch(/stateless/);
  });
});
