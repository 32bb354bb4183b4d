import type { RequestEntry } from './request-entry.js';

/** One line of the inspector's list and of the live feed: a request without its messages or headers. */
export interface RequestSummary {
  requestId: string;
  startedAt: number;
  method: string;
  path: string;
  route: string;
  status: number;
  protocol?: string;
  model?: string;
  upstreamModel?: string;
  upstream?: string;
  keyName?: string;
  sessionId?: string;
  stream?: boolean;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  durationMs: number;
  ttfbMs?: number;
  attempts?: number;
  /** The context engine's furthest stage (`none` when it left the request whole). */
  stage?: string;
  tokensBefore?: number;
  tokensAfter?: number;
  repaired: number;
  outcome?: string;
  error?: string;
}

/** The summary of an entry, built when listed or published (never while the request is served). */
export function summarizeEntry(entry: RequestEntry): RequestSummary {
  const r = entry.record;
  return {
    requestId: r.requestId,
    startedAt: r.startedAt,
    method: r.method,
    path: r.path,
    route: entry.route,
    status: r.status,
    protocol: r.protocol,
    model: r.model,
    upstreamModel: r.upstreamModel,
    upstream: r.upstream,
    keyName: r.keyName,
    sessionId: r.sessionId,
    stream: r.stream,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    cachedTokens: r.cachedTokens,
    durationMs: r.durationMs,
    ttfbMs: r.ttfbMs,
    attempts: r.attempts,
    stage: r.truncation?.stage,
    tokensBefore: r.truncation?.tokensBefore,
    tokensAfter: r.truncation?.tokensAfter,
    repaired: r.repaired?.length ?? 0,
    outcome: r.outcome,
    error: r.error,
  };
}
