import {
  clientKeyAuth,
  createAnthropicFakeProvider,
  createFakeProvider,
  createResponsesFakeProvider,
  createRelayHandler,
  rateLimit,
  type ClientKey,
  type ContextConfig,
  type FakeProviderOptions,
  type ModelRoute,
  type RateLimits,
  type RateLimitStore,
  type RelayPlugin,
  type RetryConfig,
  type ToolRepairConfig,
  type UpstreamConfig,
} from '@llm-relay/core';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createLogger, requestLogger } from './logger.js';
import { createMetrics, withMetricsEndpoint } from './metrics.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';
import { serveHandler, type RunningServer } from './serve-handler.js';
import { pooledFetch } from './upstream-fetch.js';

export interface ClientKeyConfig extends ClientKey {
  limits?: RateLimits;
}

export interface RelayServerConfig {
  port: number;
  host?: string;
  /** The single upstream (flags and env). */
  upstreamUrl?: string;
  upstreamKey?: string;
  /** The API the single upstream speaks (default: chat, or anthropic for api.anthropic.com). */
  upstreamApi?: 'chat' | 'anthropic' | 'responses';
  /** Send earlier reasoning back to the single upstream as `reasoning_content`. */
  reasoningContent?: boolean;
  /** Where unmatched model names go on the single upstream. */
  model?: string;
  aliases?: Record<string, string>;
  passthroughModels?: boolean;
  /** Named upstreams and alias routes with fallbacks (the config file). */
  upstreams?: Record<string, UpstreamConfig>;
  routes?: ModelRoute[];
  retry?: RetryConfig;
  /** When set, every request but /health needs one of these keys. */
  clientKeys?: ClientKeyConfig[];
  /** Limits for keys without their own, and for everyone when no keys are configured. */
  defaultLimits?: RateLimits;
  /** Shared rate-limit buckets: a store, or a Redis URL. Default: in memory. */
  rateLimitStore?: RateLimitStore | { redisUrl: string };
  /** The rate limiter's clock, for tests. */
  clock?: () => number;
  /** Your own middleware, run before the built-in logging and metrics. */
  plugins?: RelayPlugin[];
  /** Tool-call repair settings; `false` turns it off. Default on. */
  toolRepair?: ToolRepairConfig | false;
  /** Run the built-in fake provider in-process and relay to it. */
  demo?: boolean | FakeProviderOptions;
  /** `false` turns the context engine off. */
  context?: ContextConfig | false;
  maxBodyBytes?: number;
  requestTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  logLevel?: string;
  logPretty?: boolean;
  /** Where JSON log lines go (default stdout). */
  logDestination?: NodeJS.WritableStream;
  /** What `/metrics` answers from (default the relay's own registry): a cluster worker's sums every worker's. */
  metricsEndpoint?: Registry;
}

export interface RunningRelay {
  url: string;
  port: number;
  logger: Logger;
  metrics: Registry;
  upstreamUrl: string | undefined;
  model: string | undefined;
  /** The in-process fake provider's URL in demo mode. */
  demoUrl?: string;
  /** True when no client keys are configured, so any key is accepted. */
  open: boolean;
  stop(graceMs?: number): Promise<void>;
}

export const GO_RELAY_DEFAULT_MODEL = 'MiniMaxAI/MiniMax-M2.5';

/** Starts the relay server (and in demo mode the fake provider), as the `llm-relay` command does. */
export async function startRelay(config: RelayServerConfig): Promise<RunningRelay> {
  const logger = await createLogger(config.logLevel ?? 'info', config.logDestination, config.logPretty);
  let demo: RunningServer | undefined;
  let upstreamUrl = config.upstreamUrl;
  let upstreamKey = config.upstreamKey;
  if (config.demo !== undefined && config.demo !== false) {
    // Keep few recorded bodies: a long demo session would otherwise hold megabytes of history.
    const demoOptions = { keepRequests: 2, ...(typeof config.demo === 'object' ? config.demo : {}) };
    // The demo's provider speaks what the relay is told its upstream speaks.
    const fake = config.upstreamApi === 'anthropic' ? createAnthropicFakeProvider(demoOptions) : config.upstreamApi === 'responses' ? createResponsesFakeProvider(demoOptions) : createFakeProvider(demoOptions);
    // Exclusive: under --workers each worker keeps its own fake provider, which a sibling's shutdown cannot cut.
    demo = await serveHandler(fake.handler, { port: 0, host: '127.0.0.1', exclusive: true });
    upstreamUrl = demo.url;
    upstreamKey = 'demo-key';
  }
  const hasRoutes = (config.routes ?? []).length > 0;
  if ((upstreamUrl === undefined || upstreamUrl === '') && !hasRoutes) {
    throw new Error('LLM_PROVIDER_URL is not set: pass --upstream-url URL (or set LLM_PROVIDER_URL), give a --config file, or run with --demo to try the relay on the built-in fake provider.');
  }
  const single = upstreamUrl !== undefined && upstreamUrl !== '';
  const model = single ? (config.model ?? (config.passthroughModels ? undefined : GO_RELAY_DEFAULT_MODEL)) : undefined;

  const { store, closeStore } = await rateLimitStore(config.rateLimitStore);
  const metrics = createMetrics();
  const keys = config.clientKeys ?? [];
  const plugins: RelayPlugin[] = [metrics.plugin];
  if (keys.length > 0) plugins.push(clientKeyAuth(keys, { hash: (text) => createHash('sha256').update(text).digest() }));
  const limitsByKey = new Map(keys.map((key) => [key.name, key.limits ?? config.defaultLimits]));
  if (config.defaultLimits !== undefined || keys.some((key) => key.limits !== undefined)) {
    plugins.push(rateLimit({ store, now: config.clock, limitsFor: (name) => (name === undefined ? config.defaultLimits : limitsByKey.get(name)) }));
  }
  plugins.push(...(config.plugins ?? []), requestLogger(logger));

  const upstream = pooledFetch();
  const handler = createRelayHandler({
    upstream: single ? { baseURL: upstreamUrl as string, apiKey: upstreamKey, api: config.upstreamApi, reasoningContent: config.reasoningContent } : undefined,
    models: { defaultModel: model, aliases: config.aliases, passthrough: config.passthroughModels },
    upstreams: config.upstreams,
    routes: config.routes,
    retry: config.retry,
    plugins,
    context: config.context,
    toolRepair: config.toolRepair,
    fetch: upstream.fetch,
    maxBodyBytes: config.maxBodyBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
  });
  const server = await serveHandler(withMetricsEndpoint(handler, config.metricsEndpoint ?? metrics.registry), {
    port: config.port,
    host: config.host ?? '127.0.0.1',
    maxBodyBytes: config.maxBodyBytes,
    onError: (error) => logger.error({ err: error }, 'unhandled error'),
  });
  if (keys.length === 0) logger.warn('no client keys are configured: any API key is accepted (configure clientKeys to require one)');
  return {
    url: server.url,
    port: server.port,
    logger,
    metrics: metrics.registry,
    upstreamUrl,
    model,
    demoUrl: demo?.url,
    open: keys.length === 0,
    async stop(graceMs) {
      await server.close(graceMs);
      await demo?.close(0);
      await upstream.close();
      await closeStore();
      logger.flush?.();
    },
  };
}

async function rateLimitStore(option: RelayServerConfig['rateLimitStore']): Promise<{ store: RateLimitStore | undefined; closeStore(): Promise<void> }> {
  if (option === undefined) return { store: undefined, closeStore: async () => undefined };
  if ('redisUrl' in option) {
    const store = await RedisRateLimitStore.connect(option.redisUrl);
    return { store, closeStore: () => store.close() };
  }
  return { store: option, closeStore: async () => undefined };
}
