import type { RelayPlugin } from '@llm-relay/core';
import { DEFAULT_SERVICE_NAME, type OtelSettings } from './otel-settings.js';
import { reportExportFailures } from './report-export-failures.js';
import { SERVICE_NAME } from './span-attribute-names.js';
import { tracingPlugin } from './tracing-plugin.js';

export interface OtelTracingOptions extends Partial<Omit<OtelSettings, 'endpoint'>> {
  /** The full OTLP/HTTP traces URL (see `otelSettings`). */
  endpoint: string;
  /** Told when exporting starts failing (once per run of failures); the message never holds the headers. */
  onExportError?: (error: Error) => void;
  /** Longest wait for the last spans in `shutdown()`. Default 5 s. */
  shutdownTimeoutMs?: number;
}

export interface OtelTracing {
  /** Install among the relay's plugins. */
  plugin: RelayPlugin;
  /** Sends the spans still queued, then stops; never waits longer than `shutdownTimeoutMs`. */
  shutdown(): Promise<void>;
}

const TRACER_NAME = 'llm-relay';

/**
 * OpenTelemetry tracing for the relay: spans exported as OTLP/HTTP (JSON) through a batch processor
 * (a queue bounded at 2,048 spans by default, `OTEL_BSP_MAX_QUEUE_SIZE`; past that spans are dropped, never
 * held). The SDK is loaded here, on demand: a relay without an endpoint never loads it and never calls into
 * it, since the plugin is simply not installed. The provider is the relay's own, not registered globally,
 * so a host application's tracing is left alone.
 *
 * @example
 * const settings = otelSettings({ flag: flags.otlpEndpoint, env: process.env });
 * const tracing = settings && (await createOtelTracing(settings));
 * await startRelay({ ...config, plugins: tracing ? [tracing.plugin] : [] });
 * // on stop: await tracing?.shutdown();
 */
export async function createOtelTracing(options: OtelTracingOptions): Promise<OtelTracing> {
  const [api, core, sdk, resources, otlp] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/core'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const exporter = new otlp.OTLPTraceExporter({ url: options.endpoint, headers: options.headers ?? {} });
  const reported = options.onExportError === undefined ? exporter : reportExportFailures(exporter, options.onExportError);
  // OTEL_RESOURCE_ATTRIBUTES (deployment, region, ...) is honoured; the service name is ours to set.
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ [SERVICE_NAME]: options.serviceName ?? DEFAULT_SERVICE_NAME }));
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [new sdk.BatchSpanProcessor(reported)] });
  const plugin = tracingPlugin(provider.getTracer(TRACER_NAME), api, new core.W3CTraceContextPropagator());
  let stopping: Promise<void> | undefined;
  return {
    plugin,
    shutdown() {
      stopping ??= withTimeout(provider.shutdown(), options.shutdownTimeoutMs ?? 5_000);
      return stopping;
    },
  };
}

/** Resolves when `work` settles or `ms` have passed, whichever is first: a stop must not hang on a collector. */
function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
