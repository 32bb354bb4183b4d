import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicFakeProvider, type FakeProviderOptions } from '@llm-relay/core/testing';
import { createOtelTracing, type OtelTracing, type RelayServerConfig, serveHandler, startRelay } from 'llm-relay';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDER_KEY, startRig, type TestRig } from './helpers.js';

const CLIENT_KEY = 'sk-client-key-that-must-never-leak-987654';
// OTLP's enums as the JSON encoding writes them.
const KIND = { SERVER: 2, CLIENT: 3 } as const;
const STATUS_ERROR = 2;

type AttributeValue = string | number | boolean | AttributeValue[];

/** One span as the collector received it, with its attributes flattened. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  status: { code: number; message?: string };
  attributes: Record<string, AttributeValue>;
  service: AttributeValue | undefined;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  status?: { code?: number; message?: string };
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans?: OtlpSpan[] }[] }[];
}

/** A collector in miniature: OTLP/HTTP JSON posts to /v1/traces, kept as they came and decoded. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; spans(): ReceivedSpan[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      contentTypes.push(`${request.method} ${request.url} ${request.headers['content-type']}`);
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    bodies,
    spans() {
      expect(contentTypes.every((line) => line === 'POST /v1/traces application/json')).toBe(true);
      return bodies.flatMap((body) => decodeExport(JSON.parse(body) as OtlpExport));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeExport(payload: OtlpExport): ReceivedSpan[] {
  return payload.resourceSpans.flatMap((resourceSpans) => {
    const service = attributesOf(resourceSpans.resource?.attributes)['service.name'];
    return resourceSpans.scopeSpans.flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        startMs: Number(BigInt(span.startTimeUnixNano) / 1_000_000n),
        endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
        status: { code: span.status?.code ?? 0, message: span.status?.message },
        attributes: attributesOf(span.attributes),
        service,
      })),
    );
  });
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, AttributeValue> {
  return Object.fromEntries(list.map(({ key, value }) => [key, attributeValue(value)]));
}

function attributeValue(value: OtlpValue): AttributeValue {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return (value.arrayValue?.values ?? []).map(attributeValue);
}

/** The W3C header's parts: `00-{trace id}-{parent span id}-{flags}`. */
function traceparentOf(header: string | undefined): { traceId: string; spanId: string } {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(header ?? '');
  expect(match, `traceparent ${header}`).not.toBeNull();
  return { traceId: match?.[1] ?? '', spanId: match?.[2] ?? '' };
}

interface TracedRig {
  rig: TestRig;
  client: OpenAI;
  /** Flushes the relay's spans to the receiver (by shutting tracing down) and returns them. */
  spans(): Promise<ReceivedSpan[]>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tracedRig(fakeOptions: FakeProviderOptions = {}, relayConfig: Partial<RelayServerConfig> = {}): Promise<TracedRig> {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const tracing = await createOtelTracing({ endpoint: receiver.url, headers: { 'x-collector-token': 'collector-secret' } });
  cleanups.push(() => tracing.shutdown());
  const rig = await startRig(fakeOptions, { plugins: [tracing.plugin], retry: { baseDelayMs: 1 }, ...relayConfig });
  cleanups.push(() => rig.stop());
  const client = new OpenAI({ baseURL: `${rig.relay.url}/v1`, apiKey: CLIENT_KEY, maxRetries: 0 });
  return { rig, client, spans: () => flushed(tracing, receiver) };
}

async function flushed(tracing: OtelTracing, receiver: Awaited<ReturnType<typeof startReceiver>>): Promise<ReceivedSpan[]> {
  await tracing.shutdown();
  const spans = receiver.spans();
  const everything = receiver.bodies.join('\n');
  // Neither key, nor the collector's own header, nor message text ever reaches a span.
  for (const secret of [PROVIDER_KEY, CLIENT_KEY, 'collector-secret', 'Tell me a story']) expect(everything).not.toContain(secret);
  return spans;
}

function byKind(spans: ReceivedSpan[]) {
  const servers = spans.filter((span) => span.kind === KIND.SERVER);
  expect(servers).toHaveLength(1);
  const server = servers[0] as ReceivedSpan;
  const attempts = spans.filter((span) => span.kind === KIND.CLIENT).sort((a, b) => Number(a.attributes['llm_relay.attempt']) - Number(b.attributes['llm_relay.attempt']));
  return { server, attempts };
}

const ask = { model: 'gpt-4', messages: [{ role: 'user' as const, content: 'Tell me a story' }] };

describe('OpenTelemetry spans over OTLP/HTTP', () => {
  it('traces a whole request: a SERVER span with the GenAI attributes and one CLIENT child named in traceparent', async () => {
    const { rig, client, spans } = await tracedRig();
    const completion = await client.chat.completions.create(ask, { headers: { 'x-session-id': 'session-whole' } });
    const { server, attempts } = byKind(await spans());

    expect(server.name).toBe('chat gpt-4');
    expect(server.service).toBe('llm-relay');
    expect(server.parentSpanId).toBe('');
    expect(server.status.code).toBe(0);
    expect(server.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4',
      'gen_ai.response.model': 'fake-model',
      'gen_ai.provider.name': 'default',
      'gen_ai.conversation.id': 'session-whole',
      'gen_ai.usage.input_tokens': completion.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage?.completion_tokens,
      'http.response.status_code': 200,
      'llm_relay.protocol': 'openai-chat',
      'llm_relay.stream': false,
      'llm_relay.attempts': 1,
      'llm_relay.session_source': 'client',
      'llm_relay.context.stage': 'none',
    });
    expect(server.attributes['error.type']).toBeUndefined();
    expect(server.endMs).toBeGreaterThanOrEqual(server.startMs);

    expect(attempts).toHaveLength(1);
    const [attempt] = attempts as [ReceivedSpan];
    expect(attempt.name).toBe('chat fake-model');
    expect(attempt.traceId).toBe(server.traceId);
    expect(attempt.parentSpanId).toBe(server.spanId);
    expect(attempt.attributes).toMatchObject({
      'gen_ai.provider.name': 'default',
      'gen_ai.request.model': 'fake-model',
      'http.response.status_code': 200,
      'llm_relay.attempt': 1,
      'llm_relay.will_retry': false,
    });
    // The upstream call carried the attempt span's id: the provider's own spans would hang under it.
    expect(traceparentOf(rig.fake.requests.at(-1)?.headers.traceparent)).toEqual({ traceId: server.traceId, spanId: attempt.spanId });
    expect(attempt.startMs).toBeGreaterThanOrEqual(server.startMs);
    expect(attempt.endMs).toBeLessThanOrEqual(server.endMs);
  });

  it('traces a streamed request, its span ending with the stream and carrying the usage', async () => {
    const { client, spans } = await tracedRig({ chunks: 6 });
    const stream = await client.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } });
    let usage: OpenAI.CompletionUsage | undefined;
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toContain('Tell me a story');
    const { server, attempts } = byKind(await spans());
    expect(server.attributes).toMatchObject({
      'llm_relay.stream': true,
      'llm_relay.outcome': 'completed',
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
    });
    expect(typeof server.attributes['llm_relay.ttfb_ms']).toBe('number');
    // A derived conversation id (no session named): a hash, never the prompt itself.
    expect(server.attributes['gen_ai.conversation.id']).toMatch(/^[0-9a-z_-]+$/i);
    expect(server.attributes['llm_relay.session_source']).toBe('derived');
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.parentSpanId).toBe(server.spanId);
  });

  it('traces a retried request: two attempt spans, the first failed with its status, each named in its own traceparent', async () => {
    const { rig, client, spans } = await tracedRig({ failures: [{ status: 429, message: 'slow down' }] });
    await client.chat.completions.create(ask);
    const { server, attempts } = byKind(await spans());
    expect(attempts).toHaveLength(2);
    const [first, second] = attempts as [ReceivedSpan, ReceivedSpan];
    expect(first.attributes).toMatchObject({ 'http.response.status_code': 429, 'error.type': '429', 'llm_relay.attempt': 1, 'llm_relay.will_retry': true });
    expect(first.status.code).toBe(STATUS_ERROR);
    expect(second.attributes).toMatchObject({ 'http.response.status_code': 200, 'llm_relay.attempt': 2, 'llm_relay.will_retry': false });
    expect(second.attributes['error.type']).toBeUndefined();
    expect(second.startMs).toBeGreaterThanOrEqual(first.endMs);
    expect([first.parentSpanId, second.parentSpanId]).toEqual([server.spanId, server.spanId]);
    expect(rig.fake.requests.map((request) => traceparentOf(request.headers.traceparent).spanId)).toEqual([first.spanId, second.spanId]);
    expect(server.attributes).toMatchObject({ 'llm_relay.attempts': 2, 'http.response.status_code': 200 });
    expect(server.status.code).toBe(0);
  });

  it('traces a failed request: error.type and status ERROR on the request span and on every attempt', async () => {
    const { client, spans } = await tracedRig({ failures: [{ status: 503, times: 3 }] });
    const failure = await client.chat.completions.create(ask).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const status = (failure as InstanceType<typeof OpenAI.APIError>).status;
    const { server, attempts } = byKind(await spans());
    expect(attempts.map((span) => [span.attributes['error.type'], span.attributes['llm_relay.will_retry'], span.status.code])).toEqual([
      ['503', true, STATUS_ERROR],
      ['503', true, STATUS_ERROR],
      ['503', false, STATUS_ERROR],
    ]);
    expect(server.status.code).toBe(STATUS_ERROR);
    expect(server.attributes['http.response.status_code']).toBe(status);
    // The upstream's own error answer went through as it came: its status is the type.
    expect(server.attributes['error.type']).toBe('503');
    expect(server.attributes['llm_relay.attempts']).toBe(3);
  });

  it("makes the client's traceparent the request span's parent", async () => {
    const { rig, client, spans } = await tracedRig();
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    await client.chat.completions.create(ask, { headers: { traceparent: `00-${clientTrace}-${clientSpan}-01` } });
    const { server, attempts } = byKind(await spans());
    expect(server.traceId).toBe(clientTrace);
    expect(server.parentSpanId).toBe(clientSpan);
    expect(attempts[0]?.traceId).toBe(clientTrace);
    expect(traceparentOf(rig.fake.requests.at(-1)?.headers.traceparent)).toEqual({ traceId: clientTrace, spanId: attempts[0]?.spanId });
  });

  it('carries the context cut the relay made, as its x-llm-relay-context header reports it', async () => {
    const { client, spans } = await tracedRig({}, { context: { models: { 'fake-model': { contextWindow: 4_000, maxOutputTokens: 500 } } } });
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'TASK: Tell me a story' }];
    for (let turn = 0; turn < 20; turn += 1) messages.push({ role: 'assistant', content: `draft ${turn} `.repeat(200) }, { role: 'user', content: `more ${turn} `.repeat(200) });
    const { response } = await client.chat.completions.create({ model: 'gpt-4', messages }).withResponse();
    const report = Object.fromEntries((response.headers.get('x-llm-relay-context') ?? '').split('; ').map((part) => part.split('=') as [string, string]));
    const [before, after] = (report.tokens ?? '').split('->').map(Number);
    const [turnsDropped, messagesDropped] = (report.dropped ?? '').split('/').map(Number);
    expect(report.stage).toBe('drop');
    const { server } = byKind(await spans());
    expect(server.attributes).toMatchObject({
      'llm_relay.context.stage': 'drop',
      'llm_relay.context.tokens_before': before,
      'llm_relay.context.tokens_after': after,
      'llm_relay.context.budget': Number(report.budget),
      'llm_relay.context.turns_dropped': turnsDropped,
      'llm_relay.context.messages_dropped': messagesDropped,
      'llm_relay.context.tool_results_cleared': Number(report.cleared),
      'llm_relay.context.messages_capped': Number(report.capped),
    });
    expect(Number(server.attributes['llm_relay.context.tokens_after'])).toBeLessThan(Number(server.attributes['llm_relay.context.tokens_before']));
  });

  it('makes no span for health checks and model lists', async () => {
    const { rig, spans } = await tracedRig();
    expect((await fetch(`${rig.relay.url}/health`)).status).toBe(200);
    expect((await fetch(`${rig.relay.url}/v1/models`)).status).toBe(200);
    expect(await spans()).toEqual([]);
  });
});

describe('OpenTelemetry spans for /v1/messages to an Anthropic upstream', () => {
  it('counts cached tokens inside gen_ai.usage.input_tokens and reports reads and writes apart', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const tracing = await createOtelTracing({ endpoint: receiver.url, serviceName: 'relay-under-test' });
    cleanups.push(() => tracing.shutdown());
    const fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY, cacheMinTokens: 1 });
    const fakeServer = await serveHandler(fake.handler, { port: 0 });
    cleanups.push(() => fakeServer.close(0));
    const relay = await startRelay({
      port: 0,
      upstreamUrl: fakeServer.url,
      upstreamKey: PROVIDER_KEY,
      upstreamApi: 'anthropic',
      model: 'claude-sonnet-4-5',
      logLevel: 'silent',
      plugins: [tracing.plugin],
    });
    cleanups.push(() => relay.stop(0));
    const client = new Anthropic({ baseURL: relay.url, apiKey: CLIENT_KEY, maxRetries: 0 });
    const request: Anthropic.MessageCreateParamsNonStreaming = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: [{ type: 'text', text: 'You are a careful assistant who answers briefly. '.repeat(20), cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Tell me a story' }],
    };
    await client.messages.create(request);
    const second = await client.messages.create(request);
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);

    const servers = (await flushed(tracing, receiver)).filter((span) => span.kind === KIND.SERVER);
    expect(servers.map((span) => span.name)).toEqual(['chat claude-sonnet-4-5', 'chat claude-sonnet-4-5']);
    expect(servers[0]?.service).toBe('relay-under-test');
    const { input_tokens, cache_read_input_tokens, cache_creation_input_tokens, output_tokens } = second.usage;
    expect(servers[1]?.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': input_tokens + (cache_read_input_tokens ?? 0) + (cache_creation_input_tokens ?? 0),
      'gen_ai.usage.cache_read.input_tokens': cache_read_input_tokens,
      'gen_ai.usage.cache_creation.input_tokens': cache_creation_input_tokens,
      'gen_ai.usage.output_tokens': output_tokens,
      'llm_relay.protocol': 'anthropic-messages',
    });
    expect(servers[0]?.attributes['gen_ai.usage.cache_creation.input_tokens']).toBeGreaterThan(0);
  });
});
