import { createFakeProvider, createRelayHandler, type ContextConfig, type FakeProviderOptions } from '@llm-relay/core';
import type { Logger } from 'pino';
import { createLogger, logRequest } from './logger.js';
import { serveHandler, type RunningServer } from './serve-handler.js';
import { pooledFetch } from './upstream-fetch.js';

export interface RelayServerConfig {
  port: number;
  host?: string;
  upstreamUrl?: string;
  upstreamKey?: string;
  /** Where unmatched model names go. */
  model?: string;
  aliases?: Record<string, string>;
  passthroughModels?: boolean;
  /** Run the built-in fake provider in-process and relay to it. */
  demo?: boolean | FakeProviderOptions;
  /** `false` turns the context engine off. */
  context?: ContextConfig | false;
  maxBodyBytes?: number;
  requestTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  logLevel?: string;
  /** Where JSON log lines go (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

export interface RunningRelay {
  url: string;
  port: number;
  logger: Logger;
  upstreamUrl: string;
  model: string | undefined;
  /** The in-process fake provider's URL in demo mode. */
  demoUrl?: string;
  stop(graceMs?: number): Promise<void>;
}

export const GO_RELAY_DEFAULT_MODEL = 'MiniMaxAI/MiniMax-M2.5';

/** Starts the relay server (and in demo mode the fake provider), as the `llm-relay` command does. */
export async function startRelay(config: RelayServerConfig): Promise<RunningRelay> {
  const logger = createLogger(config.logLevel ?? 'info', config.logDestination);
  let demo: RunningServer | undefined;
  let upstreamUrl = config.upstreamUrl;
  let upstreamKey = config.upstreamKey;
  if (config.demo !== undefined && config.demo !== false) {
    const fake = createFakeProvider(typeof config.demo === 'object' ? config.demo : {});
    demo = await serveHandler(fake.handler, { port: 0, host: '127.0.0.1' });
    upstreamUrl = demo.url;
    upstreamKey = 'demo-key';
  }
  if (upstreamUrl === undefined || upstreamUrl === '') {
    throw new Error('LLM_PROVIDER_URL is not set: pass --upstream-url URL (or set LLM_PROVIDER_URL), or run with --demo to try the relay on the built-in fake provider.');
  }
  const model = config.model ?? (config.passthroughModels ? undefined : GO_RELAY_DEFAULT_MODEL);
  const upstream = pooledFetch();
  const handler = createRelayHandler({
    upstream: { baseURL: upstreamUrl, apiKey: upstreamKey },
    models: { defaultModel: model, aliases: config.aliases, passthrough: config.passthroughModels },
    context: config.context,
    fetch: upstream.fetch,
    maxBodyBytes: config.maxBodyBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    onRequestEnd: (record) => logRequest(logger, record),
  });
  const server = await serveHandler(handler, {
    port: config.port,
    host: config.host ?? '127.0.0.1',
    onError: (error) => logger.error({ err: error }, 'unhandled error'),
  });
  return {
    url: server.url,
    port: server.port,
    logger,
    upstreamUrl,
    model,
    demoUrl: demo?.url,
    async stop(graceMs) {
      await server.close(graceMs);
      await demo?.close(0);
      await upstream.close();
      logger.flush?.();
    },
  };
}
