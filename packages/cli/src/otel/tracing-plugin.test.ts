import type { RelayContext, RelayRoute, UpstreamAttempt } from '@llm-relay/core';
import * as api from '@opentelemetry/api';
import { hrTimeToMilliseconds, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { tracingPlugin } from './tracing-plugin.js';

const T0 = 1_800_000_000_000;
const CLIENT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN = 'b7ad6b7169203331';

function setup() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const plugin = tracingPlugin(provider.getTracer('test'), api, new W3CTraceContextPropagator());
  return { exporter, plugin };
}

function contextFor(route: RelayRoute = 'chat', headers: Record<string, string> = {}): RelayContext {
  return {
    request: new Request('http://relay/v1/chat/completions', { method: 'POST', headers }),
    route,
    record: { requestId: 'req-1', startedAt: T0, method: 'POST', path: '/v1/chat/completions', status: 0, durationMs: 0, model: 'gpt-4', stream: false },
    responseHeaders: new Headers(),
    state: {},
  };
}

const attempt = (n: number, outcome: Partial<UpstreamAttempt>): UpstreamAttempt => ({
  upstream: 'default',
  model: 'fake-model',
  attempt: n,
  startedAt: T0 + 10 * n,
  durationMs: 5,
  willRetry: false,
  ...outcome,
});

describe('tracingPlugin', () => {
  it('makes a SERVER span and a CLIENT child per attempt, at the reported times, and names the attempt in traceparent', () => {
    const { exporter, plugin } = setup();
    const context = contextFor();
    const headers: Record<string, string> = { authorization: 'Bearer sk-provider-secret' };
    plugin.beforeUpstream?.(context, { upstream: 'default', model: 'fake-model', attempt: 1, startedAt: T0 + 10, headers });
    plugin.onUpstreamAttempt?.(context, attempt(1, { status: 503, willRetry: true }));
    plugin.beforeUpstream?.(context, { upstream: 'default', model: 'fake-model', attempt: 2, startedAt: T0 + 20, headers: {} });
    plugin.onUpstreamAttempt?.(context, attempt(2, { status: 200 }));
    Object.assign(context.record, { status: 200, durationMs: 50, promptTokens: 9, completionTokens: 3, attempts: 2 });
    plugin.onResponse?.(context);

    const spans = exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === api.SpanKind.SERVER);
    const clients = spans.filter((span) => span.kind === api.SpanKind.CLIENT);
    expect(server?.name).toBe('chat gpt-4');
    expect(clients.map((span) => span.name)).toEqual(['chat fake-model', 'chat fake-model']);
    expect(clients.map((span) => span.parentSpanContext?.spanId)).toEqual([server?.spanContext().spanId, server?.spanContext().spanId]);
    expect(hrTimeToMilliseconds(server?.startTime ?? [0, 0])).toBe(T0);
    expect(hrTimeToMilliseconds(server?.endTime ?? [0, 0])).toBe(T0 + 50);
    expect(clients.map((span) => [hrTimeToMilliseconds(span.startTime), hrTimeToMilliseconds(span.endTime)])).toEqual([
      [T0 + 10, T0 + 15],
      [T0 + 20, T0 + 25],
    ]);
    expect(clients[0]?.attributes['error.type']).toBe('503');
    expect(clients[0]?.status.code).toBe(api.SpanStatusCode.ERROR);
    expect(clients[1]?.attributes['error.type']).toBeUndefined();
    expect(server?.status.code).toBe(api.SpanStatusCode.UNSET);
    expect(headers.traceparent).toBe(`00-${server?.spanContext().traceId}-${clients[0]?.spanContext().spanId}-01`);
    expect(headers.authorization).toBe('Bearer sk-provider-secret');
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('sk-provider-secret');
  });

  it('continues the client trace named by a valid traceparent', () => {
    const { exporter, plugin } = setup();
    const context = contextFor('messages', { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
    Object.assign(context.record, { status: 200, durationMs: 3 });
    plugin.onResponse?.(context);
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(CLIENT_TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(CLIENT_SPAN);
  });

  it('starts a new trace on a malformed traceparent', () => {
    const { exporter, plugin } = setup();
    const context = contextFor('chat', { traceparent: `00-${CLIENT_TRACE}-not-a-span-01` });
    Object.assign(context.record, { status: 200, durationMs: 3 });
    plugin.onResponse?.(context);
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).not.toBe(CLIENT_TRACE);
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('gives a span to an attempt that failed before its call, and ends calls the client walked away from', () => {
    const { exporter, plugin } = setup();
    const context = contextFor();
    // A target that could not build its request: reported without beforeUpstream.
    plugin.onUpstreamAttempt?.(context, attempt(1, { error: 'The upstream "b" speaks the responses API', durationMs: 0, willRetry: true }));
    plugin.beforeUpstream?.(context, { upstream: 'default', model: 'fake-model', attempt: 2, startedAt: T0 + 20, headers: {} });
    plugin.onError?.(context, { code: 'client_closed_request' } as never);
    Object.assign(context.record, { status: 499, durationMs: 30, error: 'The client closed the request.' });
    plugin.onResponse?.(context);

    const clients = exporter.getFinishedSpans().filter((span) => span.kind === api.SpanKind.CLIENT);
    expect(clients.map((span) => [span.attributes['llm_relay.attempt'], span.attributes['error.type']])).toEqual([
      [1, '_OTHER'],
      [2, 'client_closed_request'],
    ]);
    expect(hrTimeToMilliseconds(clients[1]?.endTime ?? [0, 0])).toBe(T0 + 30);
    const server = exporter.getFinishedSpans().find((span) => span.kind === api.SpanKind.SERVER);
    expect(server?.attributes['error.type']).toBe('client_closed_request');
    expect(server?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'The client closed the request.' });
  });

  it('leaves routes that are not conversations alone', () => {
    const { exporter, plugin } = setup();
    for (const route of ['health', 'models', 'count_tokens', 'unknown'] as const) plugin.onResponse?.(contextFor(route));
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
