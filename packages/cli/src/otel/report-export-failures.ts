import type { ExportResult } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

const SUCCESS = 0; // ExportResultCode.SUCCESS, a const enum's value: importing the enum would load the SDK here.

/**
 * An exporter that tells `onFailure` when exporting starts failing (a collector down, a rejected batch),
 * once per run of failures rather than every few seconds, so a dead collector cannot flood the logs.
 * The SDK itself only reports to its diagnostic logger, which is off.
 */
export function reportExportFailures(exporter: SpanExporter, onFailure: (error: Error) => void): SpanExporter {
  let failing = false;
  return {
    export(spans, done) {
      exporter.export(spans, (result: ExportResult) => {
        if (result.code === SUCCESS) failing = false;
        else if (!failing) {
          failing = true;
          onFailure(result.error ?? new Error('The OTLP exporter failed without saying why.'));
        }
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}
