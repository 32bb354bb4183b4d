import type { RequestRecord } from '../plugins/request-record.js';
import type { Usage } from '../types/chat.js';
import type { UpstreamCall } from './call-upstream.js';
import { recordUsage } from './record-usage.js';

/** What a relayed stream reports back while it runs. */
export interface StreamCallbacks {
  onFirstByte(): void;
  onUsage(usage: Usage): void;
  onCancel(): void;
  onEnd(outcome: string, detail?: string): void;
}

/**
 * The callbacks of a relayed stream, made here rather than in the request's handler: a closure keeps the
 * whole scope it was made in alive, and these live as long as the stream (minutes). Made inside the
 * handler they kept the parsed request, its decoded form and the plan alive for every open stream.
 */
export function streamCallbacks(record: RequestRecord, call: UpstreamCall, finish: () => void, started: number): StreamCallbacks {
  return {
    onFirstByte: () => {
      record.ttfbMs = record.ttfbMs ?? Date.now() - started;
    },
    onUsage: (usage: Usage) => recordUsage(record, usage),
    onCancel: () => call.abort(),
    onEnd: (outcome: string, detail?: string) => {
      record.outcome = outcome;
      if (detail !== undefined) record.error = detail;
      finish();
    },
  };
}
