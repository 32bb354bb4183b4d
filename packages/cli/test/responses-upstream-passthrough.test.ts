import { readFileSync } from 'node:fs';
import { createResponsesFakeProvider, type ResponsesFakeProvider } from '@llm-relay/core/testing';
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

describe('the openai SDK as a Responses client to the strict Responses fake', () => {
  const REPLY = 'Every word of the strict upstream, in order.';
  const bash: OpenAI.Responses.FunctionTool = {
    type: 'function',
    name: 'bash',
    description: 'Run a shell command',
    parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    strict: false,
  };
  let fake: ResponsesFakeProvider;
  let server: RunningServer;
  let relay: RunningRelay;
  let client: OpenAI;
  beforeAll(async () => {
    // Paced events: with none, a stream that dies is cut before its headers ever leave the fake's socket.
    fake = createResponsesFakeProvider({ apiKey: PROVIDER_KEY, reply: REPLY, chunkDelayMs: 2 });
    server = await serveHandler(fake.handler, { port: 0 });
    // One attempt: an injected failure must reach the client, not be retried away.
    relay = await startRelay({ port: 0, upstreamUrl: server.url, upstreamKey: PROVIDER_KEY, upstreamApi: 'responses', model: 'gpt-5-codex', logLevel: 'silent', retry: { attempts: 1 } });
    client = new OpenAI({ baseURL: `${relay.url}/v1`, apiKey: 'dummy', maxRetries: 0 });
  });
  afterAll(async () => {
    await relay.stop(0);
    await server.close(0);
  });

  it('streams the answer whole, delta by delta, and ends with response.completed carrying the upstream usage', async () => {
    const stream = client.responses.stream({ model: 'gpt-5-codex', input: 'Hi' });
    let text = '';
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    const final = await stream.finalResponse();
    expect(text).toBe(REPLY);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(1);
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(REPLY);
    const sent = fake.requests.at(-1)!;
    expect(sent.body).toMatchObject({ model: 'gpt-5-codex', input: 'Hi', stream: true });
    // The usage is the upstream's own count, passed through, not one the relay made up.
    expect(final.usage?.input_tokens).toBe(sent.promptTokens);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(final.usage?.total_tokens).toBe((final.usage?.input_tokens ?? 0) + (final.usage?.output_tokens ?? 0));
  });

  it("passes the upstream's 400 back in Responses' error shape, whole and streamed, as the SDK's BadRequestError", async () => {
    // A function_call_output with no call before it: the strict upstream refuses the stateless request.
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { type: 'message', role: 'user', content: 'Go on' },
      { type: 'function_call_output', call_id: 'call_orphan', output: 'a.txt' },
    ];
    for (const stream of [false, true]) {
      const error = await (stream ? client.responses.create({ model: 'gpt-5-codex', input, stream: true }) : client.responses.create({ model: 'gpt-5-codex', input })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      const bad = error as InstanceType<typeof OpenAI.BadRequestError>;
      expect(bad.status).toBe(400);
      expect(bad.type).toBe('invalid_request_error');
      expect(bad.param).toBe('input[1]');
      expect(bad.message).toContain('No tool call found for function call output with call_id call_orphan.');
    }
  });

  it("passes an injected upstream 429 back as the SDK's RateLimitError, its message kept with the provider key redacted", async () => {
    // Providers echo a key into error messages; the relay's own must not reach the client.
    fake.fail({ status: 429, message: `Rate limit reached for gpt-5-codex on key ${PROVIDER_KEY}.` });
    const error = await client.responses.create({ model: 'gpt-5-codex', input: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).status).toBe(429);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).type).toBe('rate_limit_error');
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).message).toContain('Rate limit reached for gpt-5-codex on key [redacted].');
    expect(JSON.stringify(error)).not.toContain(PROVIDER_KEY);
  });

  it('runs a tool round trip, whole and streamed: the function_call comes back, its output goes up paired and the strict upstream takes it', async () => {
    for (const stream of [false, true]) {
      const rejected = fake.stats.rejected;
      const task: OpenAI.Responses.ResponseInputItem = { type: 'message', role: 'user', content: 'List the files' };
      const first = stream
        ? await client.responses.stream({ model: 'gpt-5-codex', input: [task], tools: [bash] }).finalResponse()
        : await client.responses.create({ model: 'gpt-5-codex', input: [task], tools: [bash] });
      const call = first.output.find((item) => item.type === 'function_call');
      expect(call).toMatchObject({ type: 'function_call', name: 'bash' });
      const { call_id, name, arguments: args } = call as OpenAI.Responses.ResponseFunctionToolCall;
      expect(JSON.parse(args)).toEqual({ command: expect.any(String) });
      const input: OpenAI.Responses.ResponseInputItem[] = [task, { type: 'function_call', call_id, name, arguments: args }, { type: 'function_call_output', call_id, output: 'a.txt b.txt' }];
      const after = stream
        ? await client.responses.stream({ model: 'gpt-5-codex', input, tools: [bash] }).finalResponse()
        : await client.responses.create({ model: 'gpt-5-codex', input, tools: [bash] });
      expect(after.output_text).toBe(REPLY);
      expect(fake.requests.at(-1)?.body.input).toEqual(input);
      expect(fake.stats.rejected).toBe(rejected);
    }
  });

  it('ends a stream whose upstream connection drops with an error event and response.failed, never a silent end', async () => {
    // Four events of preamble, then two text deltas reach the client before the connection dies.
    fake.fail({ dropAfterChunks: 6 });
    const stream = await client.responses.create({ model: 'gpt-5-codex', input: 'Hi', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const text = events.map((event) => (event.type === 'response.output_text.delta' ? event.delta : '')).join('');
    expect(text).not.toBe('');
    expect(REPLY.startsWith(text)).toBe(true);
    expect(text).not.toBe(REPLY);
    expect(events.map((event) => event.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect((events.at(-2) as OpenAI.Responses.ResponseErrorEvent).message).toMatch(/upstream/i);
    expect((events.at(-1) as OpenAI.Responses.ResponseFailedEvent).response).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/upstream/i) } });
    // The SDK's own stream helper turns that error event into a rejection.
    fake.fail({ dropAfterChunks: 6 });
    await expect(client.responses.stream({ model: 'gpt-5-codex', input: 'Hi' }).finalResponse()).rejects.toMatchObject({ type: 'error' });
  });
});
