// The library side of the `llm-relay` package: the pieces the command is made of, for Node hosts.
export { startRelay, GO_RELAY_DEFAULT_MODEL } from './start-relay.js';
export type { RelayServerConfig, RunningRelay } from './start-relay.js';
export { serveHandler } from './serve-handler.js';
export type { RunningServer } from './serve-handler.js';
export { nodeListener } from './node-adapter.js';
export type { WebHandler } from './node-adapter.js';
export { pooledFetch } from './upstream-fetch.js';
export { createLogger, logRequest } from './logger.js';
export { createMetrics, withMetricsEndpoint } from './metrics.js';
export { requestLogger } from './logger.js';
export { RedisRateLimitStore } from './redis-rate-limit-store.js';
export { readConfigFile, resolveConfig, ConfigError } from './config/load-config.js';
export { findConfigFile } from './config/find-config-file.js';
export type { ResolvedConfig } from './config/load-config.js';
export { configSchema } from './config/config-schema.js';
export type { RelayConfigFile } from './config/config-schema.js';
export type { ClientKeyConfig } from './start-relay.js';
