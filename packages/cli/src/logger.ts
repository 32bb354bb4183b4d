import pino, { type Logger } from 'pino';
import type { RequestRecord } from '@llm-relay/core';

/** JSON lines on stdout, one object per line, for log shippers. Human-facing text goes to stderr instead. */
export function createLogger(level: string, destination: NodeJS.WritableStream | number = 1): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ dest: destination, sync: false }) : destination;
  return pino({ level, base: { service: 'llm-relay' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

/** The one log line per request. Carries no header values, so no key can leak through it. */
export function logRequest(logger: Logger, record: RequestRecord): void {
  const level = record.status >= 500 ? 'error' : record.status >= 400 || record.outcome !== undefined && record.outcome !== 'completed' ? 'warn' : 'info';
  logger[level](
    {
      requestId: record.requestId,
      method: record.method,
      path: record.path,
      status: record.status,
      model: record.model,
      upstreamModel: record.upstreamModel,
      stream: record.stream,
      promptTokens: record.promptTokens,
      completionTokens: record.completionTokens,
      durationMs: record.durationMs,
      ttfbMs: record.ttfbMs,
      attempts: record.attempts,
      outcome: record.outcome,
      truncation: record.truncation?.stage === 'none' ? undefined : record.truncation,
      error: record.error,
    },
    'request',
  );
}
