import type { RelayPlugin } from '@llm-relay/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { PendingCounts } from './pending-counts.js';

/**
 * Prometheus metrics, fed by the relay's plugin hooks. Labels use the backend model and the key's name,
 * never what a client typed freely, so their number stays bounded.
 */
export function createMetrics(registry = new Registry()): { registry: Registry; plugin: RelayPlugin } {
  collectDefaultMetrics({ register: registry, prefix: 'llm_relay_process_' });
  const registers = [registry];
  // The per-request counters are summed here and handed to prom-client when /metrics is read.
  const pendingRequests = new PendingCounts<'route' | 'status' | 'model' | 'key'>();
  const pendingTokens = {
    prompt: new PendingCounts<'model' | 'key'>(),
    completion: new PendingCounts<'model' | 'key'>(),
    read: new PendingCounts<'model' | 'key'>(),
    write: new PendingCounts<'model' | 'key'>(),
  };
  let inFlightCount = 0;
  // Registered for its collect(), which hands over the pending per-request counts when /metrics is read.
  new Counter({
    name: 'llm_relay_requests_total',
    help: 'Requests by route, status, backend model and client key',
    labelNames: ['route', 'status', 'model', 'key'],
    registers,
    collect() {
      pendingRequests.flushInto(this);
    },
  });
  const duration = new Histogram({
    name: 'llm_relay_request_duration_seconds',
    help: 'Whole request time, streams until their end',
    labelNames: ['route', 'stream'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  const ttfb = new Histogram({
    name: 'llm_relay_time_to_first_byte_seconds',
    help: 'Until the first body byte went to the client',
    labelNames: ['route', 'stream'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const tokenCounter = (name: string, help: string, pending: PendingCounts<'model' | 'key'>) =>
    new Counter({
      name,
      help,
      labelNames: ['model', 'key'],
      registers,
      collect() {
        pending.flushInto(this);
      },
    });
  tokenCounter('llm_relay_prompt_tokens_total', 'Prompt tokens reported by the upstream', pendingTokens.prompt);
  tokenCounter('llm_relay_cache_read_tokens_total', 'Prompt tokens the upstream read from its prompt cache', pendingTokens.read);
  tokenCounter('llm_relay_cache_write_tokens_total', 'Prompt tokens the upstream wrote to its prompt cache', pendingTokens.write);
  tokenCounter('llm_relay_completion_tokens_total', 'Completion tokens reported by the upstream', pendingTokens.completion);
  const truncations = new Counter({ name: 'llm_relay_truncations_total', help: 'Requests the context engine shortened, by furthest stage', labelNames: ['stage'], registers });
  const removedTokens = new Counter({ name: 'llm_relay_truncated_tokens_total', help: 'Prompt tokens removed by the context engine', registers });
  const upstreamErrors = new Counter({ name: 'llm_relay_upstream_errors_total', help: 'Failed upstream calls by upstream and status (0: no answer)', labelNames: ['upstream', 'status'], registers });
  const retries = new Counter({ name: 'llm_relay_upstream_retries_total', help: 'Upstream calls followed by another try (retry or fallback)', labelNames: ['upstream'], registers });
  const keyEvents = new Counter({
    name: 'llm_relay_provider_key_events_total',
    help: 'Provider keys rested after a 429 or 529 (event=rested) or taken out after a 401 or 403 (event=removed), by upstream',
    labelNames: ['upstream', 'event'],
    registers,
  });
  const repairedCalls = new Counter({
    name: 'llm_relay_tool_calls_repaired_total',
    help: "Tool calls the relay repaired, by kind (text_markup, json_syntax, schema_coercion, split_glued) and family (structured: a provider's own call)",
    labelNames: ['kind', 'family'],
    registers,
  });
  const unrepairedCalls = new Counter({
    name: 'llm_relay_tool_calls_unrepaired_total',
    help: 'Tool calls that could not be made to fit their tool and went on as they came, by family',
    labelNames: ['family'],
    registers,
  });
  const rateLimited = new Counter({ name: 'llm_relay_rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['key'], registers });
  new Gauge({
    name: 'llm_relay_in_flight_requests',
    help: 'Requests being served now',
    registers,
    collect() {
      this.set(inFlightCount);
    },
  });

  const plugin: RelayPlugin = {
    name: 'metrics',
    onRequest(context) {
      inFlightCount += 1;
      context.state.metricsInFlight = true;
    },
    onUpstreamAttempt(_context, attempt) {
      if (attempt.status === undefined || attempt.status >= 400) upstreamErrors.inc({ upstream: attempt.upstream, status: String(attempt.status ?? 0) });
      if (attempt.willRetry) retries.inc({ upstream: attempt.upstream });
      if (attempt.keyOutcome !== undefined) keyEvents.inc({ upstream: attempt.upstream, event: attempt.keyOutcome });
    },
    onResponse(context) {
      const { record } = context;
      if (context.state.metricsInFlight === true) inFlightCount -= 1;
      const key = record.keyName ?? '';
      const model = record.upstreamModel ?? '';
      const stream = String(record.stream === true);
      const status = String(record.status);
      pendingRequests.add({ route: context.route, status, model, key }, `${context.route}\u0000${status}\u0000${model}\u0000${key}`);
      duration.observe({ route: context.route, stream }, record.durationMs / 1000);
      if (record.ttfbMs !== undefined) ttfb.observe({ route: context.route, stream }, record.ttfbMs / 1000);
      const modelKey = `${model}\u0000${key}`;
      if (record.promptTokens !== undefined) pendingTokens.prompt.add({ model, key }, modelKey, record.promptTokens);
      if (record.completionTokens !== undefined) pendingTokens.completion.add({ model, key }, modelKey, record.completionTokens);
      if (record.cachedTokens !== undefined) pendingTokens.read.add({ model, key }, modelKey, record.cachedTokens);
      if (record.cacheWriteTokens !== undefined) pendingTokens.write.add({ model, key }, modelKey, record.cacheWriteTokens);
      if (record.truncation !== undefined && record.truncation.stage !== 'none') {
        truncations.inc({ stage: record.truncation.stage });
        removedTokens.inc(record.truncation.tokensBefore - record.truncation.tokensAfter);
      }
      if (record.rateLimit?.allowed === false) rateLimited.inc({ key });
      for (const call of record.repaired ?? []) repairedCalls.inc({ kind: call.kind, family: call.family });
      for (const call of record.unrepaired ?? []) unrepairedCalls.inc({ family: call.family });
    },
  };
  return { registry, plugin };
}

/** Serves `GET /metrics` from the registry, everything else from the relay. */
export function withMetricsEndpoint(handler: (request: Request) => Promise<Response>, registry: Registry) {
  return async (request: Request): Promise<Response> => {
    if (request.method === 'GET' && new URL(request.url).pathname === '/metrics') {
      return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
    }
    return handler(request);
  };
}
