import { describe, expect, it } from 'vitest';
import firstTurn from '../../../test/fixtures/claude-code-messages-request.json';
import toolTurn from '../../../test/fixtures/claude-code-tool-result-request.json';
import { RelayError } from '../../errors/relay-error.js';
import { validateMessagesRequest } from './validate-messages-request.js';

const valid = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

function rejection(body: unknown): { status: number; param: string | null; message: string } {
  try {
    validateMessagesRequest(body);
  } catch (error) {
    if (!RelayError.isInstance(error)) throw error;
    return { status: error.status, param: error.param, message: error.message };
  }
  throw new Error('expected a rejection');
}

describe('validateMessagesRequest', () => {
  it('accepts the recorded Claude Code requests and a count_tokens body without max_tokens', () => {
    expect(validateMessagesRequest(firstTurn).model).toBe('claude-opus-5-5');
    expect(validateMessagesRequest(toolTurn).messages).toHaveLength(4);
    expect(validateMessagesRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).max_tokens).toBeUndefined();
  });

  it('names the offending field', () => {
    const cases: [unknown, string | null][] = [
      [[], null],
      [{ ...valid, model: 3 }, 'model'],
      [{ ...valid, messages: [] }, 'messages'],
      [{ ...valid, messages: [valid.messages[0], { role: 'tool', content: 'x' }] }, 'messages[1].role'],
      [{ ...valid, messages: [{ role: 'user', content: 'a' }, { role: 'user' }, { role: 'user', content: 7 }] }, 'messages[1].content'],
      [{ ...valid, messages: [{ role: 'user', content: [{ text: 'no type' }] }] }, 'messages[0].content[0]'],
      [{ ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text'],
      [{ ...valid, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64' } }] }] }, 'messages[0].content[0].source'],
      [{ ...valid, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 'x' }] }] }, 'messages[0].content[0]'],
      [{ ...valid, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 1 }] }] }] }, 'messages[0].content[0].content[0].text'],
      [{ ...valid, system: [{ type: 'text', text: 'a' }, { type: 'image' }] }, 'system[1]'],
      [{ ...valid, system: 5 }, 'system'],
      [{ ...valid, max_tokens: 0 }, 'max_tokens'],
      [{ ...valid, max_tokens: 1.5 }, 'max_tokens'],
      [{ ...valid, stream: 'yes' }, 'stream'],
      [{ ...valid, tools: {} }, 'tools'],
      [{ ...valid, tools: [{ name: 'a', input_schema: 'x' }] }, 'tools[0].input_schema'],
      [{ ...valid, tool_choice: { type: 'tool' } }, 'tool_choice.name'],
      [{ ...valid, tool_choice: { type: 'required' } }, 'tool_choice'],
      [{ ...valid, stop_sequences: 'END' }, 'stop_sequences'],
    ];
    for (const [body, param] of cases) expect(rejection(body), JSON.stringify(body)).toMatchObject({ status: 400, param });
    expect(rejection({ ...valid, messages: [{ role: 'bot', content: 'x' }] }).message).toBe('messages[0].role must be "user", "assistant" or "system"; got "bot".');
  });

  it('lets unknown block types and fields through for the conversion to decide', () => {
    const body = { ...valid, metadata: { user_id: 'u' }, messages: [{ role: 'user', content: [{ type: 'document', source: {} }], extra: 1 }] };
    expect(validateMessagesRequest(body)).toBe(body);
  });
});
