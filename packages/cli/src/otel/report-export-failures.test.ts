import type { ExportResult } from '@opentelemetry/core';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { reportExportFailures } from './report-export-failures.js';

/** An exporter that answers each export with the next of the given results. */
function scripted(results: ExportResult[]): SpanExporter {
  return {
    export: (_spans, done) => done(results.shift() ?? { code: 0 }),
    shutdown: async () => undefined,
  };
}

describe('reportExportFailures', () => {
  it('reports the first failure of each run of failures, and passes every result on', () => {
    const down = (message: string): ExportResult => ({ code: 1, error: new Error(message) });
    const reported: string[] = [];
    const passed: number[] = [];
    const exporter = reportExportFailures(scripted([down('refused 1'), down('refused 2'), { code: 0 }, down('refused 3'), { code: 1 }]), (error) => reported.push(error.message));
    for (let index = 0; index < 5; index += 1) exporter.export([], (result) => passed.push(result.code));
    expect(reported).toEqual(['refused 1', 'refused 3']);
    expect(passed).toEqual([1, 1, 0, 1, 1]);
  });

  it('reports a failure that came without an error', () => {
    const reported: string[] = [];
    reportExportFailures(scripted([{ code: 1 }]), (error) => reported.push(error.message)).export([], () => undefined);
    expect(reported).toEqual(['The OTLP exporter failed without saying why.']);
  });
});
