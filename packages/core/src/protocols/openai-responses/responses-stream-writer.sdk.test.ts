import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { delta, finishChunk, runWriter, toolPiece, usageChunk } from '../../../test/support/stream-test-chunks.js';

/** The openai SDK's own stream accumulator, fed our SSE: it throws on events it cannot place. */
async function sdkFinalResponse(sse: string) {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://relay.local/v1',
    fetch: async () => new Response(sse, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const stream = client.responses.stream({ model: 'gpt-5-codex', input: 'hi' });
  const types: string[] = [];
  for await (const event of stream) types.push(event.type);
  return { response: await stream.finalResponse(), types };
}

describe('ResponsesStreamWriter with the openai SDK', () => {
  it('is accumulated by the SDK into the same response we send', async () => {
    const run = runWriter([
      delta({ reasoning_content: 'Plan.' }),
      delta({ content: 'Running it.' }),
      toolPiece(0, { arguments: '{"cmd":' }),
      toolPiece(0, { id: 'call_1', name: 'exec_command', arguments: '"ls"}' }),
      toolPiece(1, { id: 'call_2', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' }),
      toolPiece(2, { id: 'call_3', name: 'multi_agent_v1__spawn_agent', arguments: '{}' }),
      finishChunk('tool_calls'),
      usageChunk,
    ]);
    const { response, types } = await sdkFinalResponse(run.sse);
    expect(types.at(-1)).toBe('response.completed');
    // The SDK adds `parsed_arguments` to function calls; everything we sent is there as sent.
    expect(response.output).toMatchObject(run.response.output);
    expect(response.output_text).toBe('Running it.');
    expect(response.usage).toEqual(run.response.usage);
  });

  it('reads a failed stream as a response with status failed and the error', async () => {
    const run = runWriter([delta({ content: 'par' })], { fail: { message: 'too long', code: 'context_length_exceeded' } });
    const { response } = await sdkFinalResponse(run.sse);
    expect(response.status).toBe('failed');
    expect(response.error).toEqual({ code: 'context_length_exceeded', message: 'too long' });
  });
});
