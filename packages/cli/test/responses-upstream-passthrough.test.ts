import { readFileSync } from 'node:fs';
import { type RelayServerConfig, type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KEY } from './helpers.js';

const codex = JSON.parse(readFileSync(new URL('./fixtures/codex-responses-tool-output-request.json', import.meta.url), 'utf8'));

/** A provider that speaks Responses itself: records what it got, answers a canned response, streamed or not. */
function responsesUpstream() {
  const bodies: Record<string, unknown>[] = [];
  const headers: Record<string, string>[] = [];
  const response = {
    id: 'resp_up',
    object: 'response',
    created_at: 0,
    status: 'completed',
    model: 'up',
    output: [{ type: 'message', id: 'msg_up', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'from upstream', annotations: [] }] }],
    usage: { input_tokens: 42, input_tokens_details: { cached_tokens: 40 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 45 },
  };
  const handler = async (request: Request) => {
    const body = (await request.json()) as Record<string, unknown>;
    bodies.push(body);
    headers.push(Object.fromEntries(request.headers));
    if (body.stream !== true) return Response.json(response);
    const events = [
      ['response.created', { type: 'response.created', sequence_number: 0, response: { ...response, status: 'in_progress', output: [], usage: null } }],
      ['response.output_item.added', { type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { ...response.output[0], status: 'in_progress', content: [] } }],
      ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_up', output_index: 0, content_index: 0, delta: 'from upstream' }],
      ['response.output_item.done', { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item: response.output[0] }],
      ['response.completed', { type: 'response.completed', sequence_number: 4, response }],
    ];
    const text = events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join('');
    return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
  };
  return { handler, bodies, headers };
}

/** The Responses upstream on port 0 and a relay in front of it, for the enclosing describe block. */
function relayToResponsesUpstream(context?: RelayServerConfig['context']) {
  const rig = { upstream: responsesUpstream(), relay: undefined as unknown as RunningRelay };
  let server: RunningServer;
  beforeAll(async () => {
    server = await serveHandler(rig.upstream.handler, { port: 0 });
    rig.relay = await startRelay({ port: 0, upstreamUrl: server.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'responses', passthroughModels: true, logLevel: 'silent', context });
  });
  afterAll(async () => {
    await rig.relay.stop(0);
    await server.close(0);
  });
  return rig;
}

describe('Codex to an upstream that speaks Responses: same protocol in and out', () => {
  const rig = relayToResponsesUpstream();

  it('forwards a recorded Codex request as received, with the provider key, and passes the stream back', async () => {
    const response = await fetch(`${rig.relay.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer dummy' }, body: JSON.stringify(codex) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: response.completed');
    expect(rig.upstream.bodies.at(-1)).toEqual(codex);
    expect(rig.upstream.headers.at(-1)?.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
  });

  it('answers the openai SDK with the upstream response object as it came', async () => {
    const client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-5-codex', input: 'Hi' });
    expect(response.id).toBe('resp_up');
    expect(response.output_text).toBe('from upstream');
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(40);
  });
});

describe('a Responses upstream with a conversation over its window', () => {
  const rig = relayToResponsesUpstream({ models: { 'gpt-x': { contextWindow: 20_000, maxOutputTokens: 1_000 } } });

  it('edits input in place: old outputs cleared or turns dropped, pairs intact, the newest items as sent', async () => {
    const input: Record<string, unknown>[] = [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'rules' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'TASK' }] },
    ];
    for (let i = 0; i < 12; i += 1) {
      input.push({ type: 'reasoning', id: `rs_${i}`, summary: [], encrypted_content: `opaque-${i}` });
      input.push({ type: 'function_call', call_id: `call_${i}`, name: 'exec_command', arguments: `{"cmd":"cat ${i}"}` });
      input.push({ type: 'function_call_output', call_id: `call_${i}`, output: `row ${i} `.repeat(900) });
    }
    const response = await fetch(`${rig.relay.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-x', input, tools: [{ type: 'function', name: 'exec_command', parameters: { type: 'object', properties: {} } }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-context')).toMatch(/^stage=(clear|drop)/);
    const sent = rig.upstream.bodies.at(-1)!.input as Record<string, unknown>[];
    expect(JSON.stringify(sent).length).toBeLessThan(JSON.stringify(input).length);
    expect(sent.slice(0, 2)).toEqual(input.slice(0, 2));
    expect(sent.slice(-3)).toEqual(input.slice(-3));
    const calls = new Set(sent.filter((item) => item.type === 'function_call').map((item) => item.call_id));
    const outputs = new Set(sent.filter((item) => item.type === 'function_call_output').map((item) => item.call_id));
    expect([...calls].sort()).toEqual([...outputs].sort());
    const original = new Set(input.map((item) => JSON.stringify(item)));
    for (const item of sent) {
      if (original.has(JSON.stringify(item))) continue;
      expect(item.type).toBe('function_call_output');
      expect(String(item.output)).toMatch(/^\[llm-relay: this output of the "exec_command" tool/);
    }
  });
});
