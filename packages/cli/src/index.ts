// The library side of the `llm-relay` package: the pieces the command is made of, for Node hosts.

export { adminPlugin } from './admin/admin-plugin.js';
export type { AdminStoreOptions } from './admin/admin-store.js';
export { AdminStore } from './admin/admin-store.js';
export { exposePeerAddress } from './admin/peer-address.js';
export { DEFAULT_RING_BYTES } from './admin/request-ring.js';
export type { AdminRoutesOptions } from './admin/with-admin-routes.js';
export { withAdminRoutes } from './admin/with-admin-routes.js';
export type { RelayConfigFile } from './config/config-schema.js';
export { configSchema } from './config/config-schema.js';
export { findConfigFile } from './config/find-config-file.js';
export type { ResolvedConfig } from './config/load-config.js';
export { ConfigError, readConfigFile, resolveConfig } from './config/load-config.js';
export { createLogger, logRequest, requestLogger } from './logger.js';
export { createMetrics, withMetricsEndpoint } from './metrics.js';
export type { WebHandler } from './node-adapter.js';
export { nodeListener } from './node-adapter.js';
export { createOtelTracing, type OtelTracing, type OtelTracingOptions } from './otel/create-otel-tracing.js';
export { displayEndpoint, type OtelSettings, otelSettings } from './otel/otel-settings.js';
export { RedisRateLimitStore } from './redis-rate-limit-store.js';
export type { RunningServer } from './serve-handler.js';
export { serveHandler } from './serve-handler.js';
export type { AdminConfig, ClientKeyConfig, RelayServerConfig, RunningRelay } from './start-relay.js';
export { GO_RELAY_DEFAULT_MODEL, startRelay } from './start-relay.js';
export { pooledFetch } from './upstream-fetch.js';
