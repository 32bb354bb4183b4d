import cluster from 'node:cluster';
import { DEMO_TOOL_FORMATS, type DemoToolFormat } from '@llm-relay/core/testing';
import { Command, Option } from 'commander';
import { type AdminFlags, adminConfig } from '../admin/admin-config.js';
import { findConfigFile } from '../config/find-config-file.js';
import type { ResolvedConfig } from '../config/load-config.js';
import { displayEndpoint, type OtelSettings, otelSettings } from '../otel/otel-settings.js';
import { collectPairs, collectWindows, positiveInt, ratio } from '../parse-options.js';
import { type RelayServerConfig, type RunningRelay, startRelay } from '../start-relay.js';
import { ClusterMetricsRegistry } from '../workers/cluster-metrics.js';
import { runWorkers } from '../workers/run-workers.js';
import { serveAsWorker } from '../workers/serve-as-worker.js';
import { parseWorkerCount } from '../workers/worker-count.js';

interface ServeFlags extends AdminFlags {
  config?: string;
  logPretty?: boolean;
  port: number;
  host: string;
  upstreamUrl?: string;
  upstreamKey?: string;
  upstreamApi?: 'chat' | 'anthropic' | 'responses';
  reasoningContent?: boolean;
  model?: string;
  alias?: Record<string, string>;
  passthroughModels?: boolean;
  demo?: boolean;
  demoLatencyMs: number;
  context: boolean;
  toolRepair: boolean;
  demoToolFormat?: string;
  contextWindow?: number;
  modelWindow?: Record<string, { contextWindow: number; maxOutputTokens?: number }>;
  maxPromptTokens?: number;
  maxMessageTokens: number;
  lowWater: number;
  protectRecent: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
  streamIdleTimeoutMs: number;
  shutdownGraceMs: number;
  workers: number;
  logLevel: string;
  otlpEndpoint?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the relay (the default command)')
    .addOption(new Option('-c, --config <path>', 'config file (JSON or YAML); default: llm-relay.config.{json,yaml,yml} if present').env('LLM_RELAY_CONFIG'))
    .addOption(new Option('-p, --port <port>', 'port to listen on').env('RELAY_PORT').default(8080).argParser(positiveInt))
    .addOption(new Option('--host <host>', 'address to bind; 0.0.0.0 in a container').env('RELAY_HOST').default('127.0.0.1'))
    .addOption(new Option('-u, --upstream-url <url>', 'provider base URL, with or without /v1').env('LLM_PROVIDER_URL'))
    .addOption(new Option('-k, --upstream-key <key>', 'provider API key (prefer the env var: flags show up in ps)').env('LLM_PROVIDER_KEY'))
    .addOption(
      new Option('--upstream-api <api>', 'what the upstream speaks: chat (OpenAI-compatible), anthropic (Messages; automatic for api.anthropic.com) or responses')
        .env('LLM_PROVIDER_API')
        .choices(['chat', 'anthropic', 'responses']),
    )
    .addOption(new Option('--reasoning-content', 'send earlier reasoning back as reasoning_content (DeepSeek-style thinking models)'))
    .addOption(new Option('-m, --model <name>', 'backend model for names no alias matches (default MiniMaxAI/MiniMax-M2.5, as the Go relay)').env('LLM_MODEL'))
    .addOption(new Option('--alias <name=model>', 'map a client model name or glob to a backend model (repeatable)').argParser(collectPairs))
    .addOption(new Option('--passthrough-models', 'send unmatched model names unchanged instead of to --model'))
    .addOption(new Option('--demo', 'start the built-in fake provider and relay to it (no key needed)'))
    .addOption(new Option('--demo-latency-ms <ms>', 'in demo mode, delay each streamed chunk by this much').default(0).argParser(positiveInt))
    .addOption(
      new Option(
        '--demo-tool-format <family>',
        "in demo mode, the fake model writes its tool calls as this family's text markup (or broken-json: structured calls with broken arguments), so the repair can be watched",
      ).choices([...DEMO_TOOL_FORMATS]),
    )
    .addOption(new Option('--no-tool-repair', 'pass tool calls written as text or with broken arguments on as they came'))
    .addOption(new Option('--no-context', 'forward messages untouched (turn the context engine off)'))
    .addOption(new Option('--context-window <tokens>', 'window of models not in the built-in table').env('RELAY_CONTEXT_WINDOW').argParser(positiveInt))
    .addOption(new Option('--model-window <name=window[:output]>', 'window (and output limit) of a model or glob (repeatable)').argParser(collectWindows))
    .addOption(new Option('--max-prompt-tokens <tokens>', 'fixed prompt budget instead of window - output - margin (the Go relay used 180000)').env('RELAY_MAX_PROMPT_TOKENS').argParser(positiveInt))
    .addOption(new Option('--max-message-tokens <tokens>', 'per-message cap once truncation has begun').env('RELAY_MAX_MESSAGE_TOKENS').default(20_000).argParser(positiveInt))
    .addOption(new Option('--low-water <ratio>', 'share of the budget a cut goes down to').default(0.6).argParser(ratio))
    .addOption(new Option('--protect-recent <n>', 'newest messages never capped or cleared (the newest turn always is)').env('RELAY_PROTECT_RECENT').default(4).argParser(positiveInt))
    .addOption(new Option('--max-body-bytes <bytes>', 'largest request body').default(32 * 1024 * 1024).argParser(positiveInt))
    .addOption(new Option('--request-timeout-ms <ms>', 'longest wait for the upstream answer').default(600_000).argParser(positiveInt))
    .addOption(new Option('--stream-idle-timeout-ms <ms>', 'longest silence inside a stream').default(120_000).argParser(positiveInt))
    .addOption(new Option('--shutdown-grace-ms <ms>', 'how long in-flight requests may finish on SIGTERM').default(10_000).argParser(positiveInt))
    .addOption(
      new Option('--workers <n>', 'processes serving the port (Node cluster), or auto for one per core; rate limits are per worker unless Redis shares them')
        .env('RELAY_WORKERS')
        .default(1)
        .argParser(parseWorkerCount),
    )
    .addOption(
      new Option('--admin-key <key>', 'turn on the live page at /ui and the admin API at /admin/ with this key (16+ characters; prefer the env var: flags show up in ps)').env('LLM_RELAY_ADMIN_KEY'),
    )
    .addOption(new Option('--admin-remote', 'serve the admin page to clients other than loopback ones too (they still need the key)'))
    .addOption(new Option('--admin-ring-mib <MiB>', "memory the admin page's request inspector may hold (default 64)").argParser(positiveInt))
    .addOption(new Option('--log-pretty', 'coloured human-readable logs instead of JSON lines (for a terminal)'))
    .addOption(
      new Option(
        '--otlp-endpoint <url>',
        'send OpenTelemetry traces (OTLP/HTTP) to this collector, e.g. http://localhost:4318 (/v1/traces is added); the standard OTEL_EXPORTER_OTLP_* and OTEL_SERVICE_NAME variables work too',
      ),
    )
    .addOption(new Option('--log-level <level>', 'pino log level').env('LOG_LEVEL').default('info').choices(['trace', 'debug', 'info', 'warn', 'error', 'silent']))
    .action(async (flags: ServeFlags, command: Command) => {
      const fromUser = (name: string) => command.getOptionValueSource(name) !== 'default';
      // The primary serves nothing itself: it forks workers, which run this same command and land below.
      if (flags.workers > 1 && cluster.isPrimary) return runWorkers({ count: flags.workers, graceMs: flags.shutdownGraceMs });
      await runServe(flags, fromUser('port'), fromUser('host'));
    });
}

async function runServe(flags: ServeFlags, portFromFlagOrEnv: boolean, hostFromFlagOrEnv: boolean): Promise<void> {
  let file: ResolvedConfig | undefined;
  try {
    const path = findConfigFile(flags.config, process.cwd());
    if (path !== undefined) {
      // zod and yaml (~25 MB) are loaded only when there is a config file.
      const { readConfigFile, resolveConfig } = await import('../config/load-config.js');
      file = resolveConfig(readConfigFile(path), process.env, path);
    }
  } catch (error) {
    process.stderr.write(`llm-relay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const fileContext = file?.file.context;
  let admin: ReturnType<typeof adminConfig>;
  try {
    admin = adminConfig(flags, file?.file.admin, process.env, flags.config);
  } catch (error) {
    process.stderr.write(`llm-relay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  let otlp: OtelSettings | undefined;
  try {
    otlp = otelSettings({ flag: flags.otlpEndpoint, env: process.env });
  } catch (error) {
    process.stderr.write(`llm-relay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const inCluster = flags.workers > 1;
  const config: RelayServerConfig = {
    port: portFromFlagOrEnv ? flags.port : (file?.file.server?.port ?? flags.port),
    host: hostFromFlagOrEnv ? flags.host : (file?.file.server?.host ?? flags.host),
    upstreams: file?.upstreams,
    routes: file?.routes,
    retry: file?.retry,
    clientKeys: file?.clientKeys,
    defaultLimits: file?.defaultLimits,
    rateLimitStore: file?.redisUrl !== undefined ? { redisUrl: file.redisUrl } : undefined,
    redisUrl: file?.sharedRedisUrl,
    logPretty: flags.logPretty ?? file?.file.logging?.pretty,
    upstreamUrl: flags.upstreamUrl,
    upstreamKey: flags.upstreamKey,
    upstreamApi: flags.upstreamApi,
    reasoningContent: flags.reasoningContent,
    model: flags.model ?? (flags.demo ? 'fake-model' : undefined),
    aliases: flags.alias,
    passthroughModels: flags.passthroughModels,
    demo: flags.demo ? { chunkDelayMs: flags.demoLatencyMs, toolFormat: flags.demoToolFormat as DemoToolFormat | undefined } : false,
    toolRepair: flags.toolRepair && file?.file.toolRepair?.enabled !== false ? { families: file?.file.toolRepair?.families, maxHeldChars: file?.file.toolRepair?.maxHeldChars } : false,
    context:
      flags.context && fileContext?.enabled !== false
        ? {
            defaultContextWindow: flags.contextWindow ?? fileContext?.defaultContextWindow,
            models: { ...file?.modelWindows, ...flags.modelWindow },
            maxPromptTokens: flags.maxPromptTokens ?? fileContext?.maxPromptTokens,
            maxMessageTokens: fileContext?.maxMessageTokens ?? flags.maxMessageTokens,
            lowWaterRatio: fileContext?.lowWaterRatio ?? flags.lowWater,
            keepToolResults: fileContext?.keepToolResults,
            protectRecent: fileContext?.protectRecent ?? flags.protectRecent,
          }
        : false,
    maxBodyBytes: flags.maxBodyBytes,
    requestTimeoutMs: flags.requestTimeoutMs,
    streamIdleTimeoutMs: flags.streamIdleTimeoutMs,
    logLevel: file?.file.logging?.level ?? flags.logLevel,
    metricsEndpoint: inCluster ? new ClusterMetricsRegistry() : undefined,
    admin,
    otlp,
  };
  let relay: RunningRelay;
  try {
    relay = await startRelay(config);
  } catch (error) {
    process.stderr.write(`llm-relay: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const upstreamShown = flags.demo
    ? `the built-in fake provider (${relay.demoUrl}, demo mode)`
    : [relay.upstreamUrl, ...Object.entries(file?.upstreams ?? {}).map(([name, u]) => `${name}=${u.baseURL}`)].filter(Boolean).join(', ');
  const limited = config.defaultLimits !== undefined || (config.clientKeys ?? []).some((key) => key.limits !== undefined);
  const banner =
    `llm-relay listening on ${relay.url}\n` +
    (inCluster ? `  workers: ${flags.workers} (Node cluster, sharing the port)\n` : '') +
    `  upstream: ${upstreamShown}\n` +
    (file !== undefined ? `  models: ${file.routes.map((r) => r.match).join(', ')}\n` : '') +
    (relay.upstreamUrl !== undefined ? `  default model: ${relay.model ?? '(names passed through)'}\n` : '') +
    `  context engine: ${config.context === false ? 'off' : 'on'}\n` +
    `  tool-call repair: ${config.toolRepair === false ? 'off' : 'on'}${flags.demoToolFormat !== undefined ? ` (the fake model writes ${flags.demoToolFormat} markup)` : ''}\n` +
    `  client keys: ${relay.open ? 'none configured, any key is accepted' : `${config.clientKeys?.length} configured`}\n` +
    (inCluster && limited
      ? `  rate limits: ${config.rateLimitStore === undefined ? `per worker (${flags.workers} workers; configure redis to share them)` : `shared by the ${flags.workers} workers through redis`}\n`
      : '') +
    `  metrics: ${relay.url}/metrics${inCluster ? ' (summed over the workers)' : ''}\n` +
    `  traces: ${otlp === undefined ? 'off (--otlp-endpoint or OTEL_EXPORTER_OTLP_ENDPOINT to send them)' : `OTLP/HTTP to ${displayEndpoint(otlp.endpoint)} as ${otlp.serviceName}`}\n` +
    (relay.adminUrl === undefined
      ? `  admin page: off (set LLM_RELAY_ADMIN_KEY or --admin-key to open ${relay.url}/ui)\n`
      : `  admin page: ${relay.adminUrl} (admin key required; ${admin?.allowRemote === true ? 'any client' : 'loopback clients only'})${inCluster ? `; each of the ${flags.workers} workers shows only the requests it served` : ''}\n`) +
    `  try: curl ${relay.url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"gpt-4","messages":[{"role":"user","content":"Hello"}]}'\n`;
  const listening = { url: relay.url, upstream: relay.upstreamUrl, model: relay.model, demo: flags.demo === true };
  if (inCluster) {
    relay.logger.info({ ...listening, pid: process.pid }, 'listening');
    return serveAsWorker(relay, { banner, graceMs: flags.shutdownGraceMs, logLevel: config.logLevel ?? 'info', logPretty: config.logPretty ?? false });
  }
  process.stderr.write(banner);
  relay.logger.info(listening, 'listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    relay.logger.info({ signal, graceMs: flags.shutdownGraceMs }, 'shutting down');
    relay.stop(flags.shutdownGraceMs).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
