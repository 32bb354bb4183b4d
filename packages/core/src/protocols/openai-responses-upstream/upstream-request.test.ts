import { describe, expect, it } from 'vitest';
import { toResponsesRequest } from './upstream-request.js';

describe('toResponsesRequest', () => {
  it('turns a tool loop into input items in order, stateless, with the tools one level up', () => {
    const { body, dropped } = toResponsesRequest(
      {
        model: 'client-name',
        messages: [
          { role: 'system', content: 'You are a coding agent.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Look at ' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
            ],
          },
          { role: 'assistant', content: 'Running it.', reasoning_content: 'think', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"ls"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
        ],
        tools: [{ type: 'function', function: { name: 'bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }],
        tool_choice: { type: 'function', function: { name: 'bash' } },
        max_tokens: 1000,
        temperature: 0.2,
        stream: true,
        stream_options: { include_usage: true },
        stop: ['END'],
      },
      { model: 'gpt-5-codex' },
    );
    expect(body).toEqual({
      model: 'gpt-5-codex',
      input: [
        { type: 'message', role: 'system', content: 'You are a coding agent.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look at ' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Running it.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'bash', arguments: '{"command":"ls"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
      ],
      store: false,
      tools: [{ type: 'function', name: 'bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } } }, strict: false }],
      tool_choice: { type: 'function', name: 'bash' },
      max_output_tokens: 1000,
      temperature: 0.2,
      stream: true,
      include: ['reasoning.encrypted_content'],
    });
    expect(dropped).toEqual(['stop']);
  });

  it('keeps a JSON schema answer format and the reasoning effort', () => {
    const { body } = toResponsesRequest(
      { messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'high', response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' }, strict: true } } },
      { model: 'm' },
    );
    expect(body.reasoning).toEqual({ effort: 'high' });
    expect(body.text).toEqual({ format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } });
  });
});
