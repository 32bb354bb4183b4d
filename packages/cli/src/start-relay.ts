import {
  type ClientKey,
  type ContextConfig,
  clientKeyAuth,
  createRelayHandler,
  type ModelRoute,
  type RateLimitStore,
  type RateLimits,
  type RelayPlugin,
  type RetryConfig,
  rateLimit,
  type ToolRepairConfig,
  type UpstreamConfig,
} from '@llm-relay/core';
import { createAnthropicFakeProvider, createFakeProvider, createResponsesFakeProvider, type FakeProviderOptions } from '@llm-relay/core/testing';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { adminKeyMatcher, sha256 } from './admin/admin-key.js';
import { adminPlugin } from './admin/admin-plugin.js';
import { AdminStore } from './admin/admin-store.js';
import { exposePeerAddress } from './admin/peer-address.js';
import { withAdminRoutes } from './admin/with-admin-routes.js';
import { splitKeys } from './config/split-keys.js';
import { createLogger, requestLogger } from './logger.js';
import { createMetrics, withMetricsEndpoint } from './metrics.js';
import { createOtelTracing } from './otel/create-otel-tracing.js';
import type { OtelSettings } from './otel/otel-settings.js';
import { RedisKeyRests } from './redis-key-rests.js';
import { RedisLearnedStore } from './redis-learned-store.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';
import { type RunningServer, serveHandler } from './serve-handler.js';
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
  /** Redis for what replicas share besides rate limits: overflow corrections learned per model, provider-key rests. Default: per process. */
  redisUrl?: string;
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
  /** The live page (`/ui`) and admin API (`/admin/`): on when a key is given (at least 16 characters). */
  admin?: AdminConfig;
  /** Send OpenTelemetry traces here (see `otelSettings`); the SDK is loaded only then. */
  otlp?: OtelSettings;
}

export interface AdminConfig {
  key?: string;
  /** Serve the page to clients other than loopback ones too (they still need the key). Default false. */
  allowRemote?: boolean;
  /** Bytes the request inspector's ring may hold. Default 64 MiB. */
  ringBytes?: number;
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
  /** The live page's URL, when an admin key turned it on. */
  adminUrl?: string;
  /** What the admin page shows (this process's), when it is on. */
  admin?: AdminStore;
  stop(graceMs?: number): Promise<void>;
}

export const GO_RELAY_DEFAULT_MODEL = 'MiniMaxAI/MiniMax-M2.5';

// The Responses demo reasons as OpenAI's coding models do, so its encrypted reasoning makes the round trip too.
const DEMO_REASONING = 'Looking at what the task needs next.';

/** Starts the relay server (and in demo mode the fake provider), as the `llm-relay` command does. */
export async function startRelay(config: RelayServerConfig): Promise<RunningRelay> {
  // A bad admin key fails before anything is started.
  const adminStore = adminStoreFor(config.admin, config.clientKeys ?? []);
  const logger = await createLogger(config.logLevel ?? 'info', config.logDestination, config.logPretty);
  let demo: RunningServer | undefined;
  let upstreamUrl = config.upstreamUrl;
  let upstreamKey = config.upstreamKey;
  if (config.demo !== undefined && config.demo !== false) {
    // Keep few recorded bodies: a long demo session would otherwise hold megabytes of history.
    const demoOptions = { keepRequests: 2, ...(typeof config.demo === 'object' ? config.demo : {}) };
    // The demo's provider speaks what the relay is told its upstream speaks.
    const fake =
      config.upstreamApi === 'anthropic'
        ? createAnthropicFakeProvider(demoOptions)
        : config.upstreamApi === 'responses'
          ? createResponsesFakeProvider({ reasoning: DEMO_REASONING, ...demoOptions })
          : createFakeProvider(demoOptions);
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
  const shared =
    config.redisUrl === undefined
      ? undefined
      : await RedisLearnedStore.connect(config.redisUrl, {
          onShared: (model, adjustment) => logger.info({ model, ...adjustment }, 'overflow correction learned by another replica'),
          onError: (error) => logger.warn({ err: error }, 'overflow corrections are not shared through redis'),
        });
  const sharedRests =
    config.redisUrl === undefined ? undefined : await RedisKeyRests.connect(config.redisUrl, (error) => logger.warn({ err: error }, 'provider key rests are not shared through redis'));
  const metrics = createMetrics();
  const keys = config.clientKeys ?? [];
  const plugins: RelayPlugin[] = [metrics.plugin];
  if (adminStore !== undefined) plugins.push(adminPlugin(adminStore));
  if (keys.length > 0) plugins.push(clientKeyAuth(keys, { hash: sha256 }));
  const limitsByKey = new Map(keys.map((key) => [key.name, key.limits ?? config.defaultLimits]));
  if (config.defaultLimits !== undefined || keys.some((key) => key.limits !== undefined)) {
    plugins.push(rateLimit({ store, now: config.clock, limitsFor: (name) => (name === undefined ? config.defaultLimits : limitsByKey.get(name)) }));
  }
  const tracing =
    config.otlp === undefined
      ? undefined
      : await createOtelTracing({ ...config.otlp, onExportError: (error) => logger.warn({ err: error.message }, 'OpenTelemetry traces are not reaching the collector') });
  plugins.push(...(config.plugins ?? []), ...(tracing === undefined ? [] : [tracing.plugin]), requestLogger(logger));

  const upstream = pooledFetch();
  const handler = createRelayHandler({
    learned: shared?.learned,
    keyRests: sharedRests?.rests,
    upstream: single ? singleUpstream(upstreamUrl as string, upstreamKey, config) : undefined,
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
  const routes = withAdminRoutes(withMetricsEndpoint(handler, config.metricsEndpoint ?? metrics.registry), { key: config.admin?.key, allowRemote: config.admin?.allowRemote, store: adminStore });
  const server = await serveHandler(routes, {
    port: config.port,
    host: config.host ?? '127.0.0.1',
    maxBodyBytes: config.maxBodyBytes,
    onError: (error) => logger.error({ err: error }, 'unhandled error'),
  });
  // The loopback rule reads the peer's address; without the page, or with remote clients allowed, nothing does.
  if (adminStore !== undefined && config.admin?.allowRemote !== true) exposePeerAddress(server.server);
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
    adminUrl: adminStore === undefined ? undefined : `${server.url}/ui`,
    admin: adminStore,
    async stop(graceMs) {
      // Open live pages would hold the graceful close for its whole grace time.
      adminStore?.feed.close();
      await server.close(graceMs);
      // After the server: the requests that finished during the grace time get their spans sent too.
      await tracing?.shutdown();
      await demo?.close(0);
      await upstream.close();
      await closeStore();
      await shared?.close();
      await sharedRests?.close();
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

/** The admin page's store when a key turns it on; the key may not be one of the client keys. */
function adminStoreFor(admin: AdminConfig | undefined, keys: readonly ClientKeyConfig[]): AdminStore | undefined {
  if (admin?.key === undefined || admin.key === '') return undefined;
  adminKeyMatcher(admin.key);
  const digest = sha256(admin.key);
  const clash = keys.find((key) => (key.key !== undefined && sha256(key.key).equals(digest)) || key.sha256?.toLowerCase() === digest.toString('hex'));
  if (clash !== undefined) throw new Error(`the admin key is also the client key "${clash.name}": give the admin page a key of its own (--admin-key / LLM_RELAY_ADMIN_KEY).`);
  return new AdminStore({ ringBytes: admin.ringBytes });
}

/** The upstream of the flags and env: `LLM_PROVIDER_KEY` may hold several keys, comma-separated. */
function singleUpstream(baseURL: string, key: string | undefined, config: RelayServerConfig): UpstreamConfig {
  const keys = key === undefined ? [] : splitKeys(key);
  return { baseURL, apiKey: keys[0] ?? key, apiKeys: keys.length > 1 ? keys : undefined, api: config.upstreamApi, reasoningContent: config.reasoningContent };
}
