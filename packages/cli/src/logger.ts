import pino, { type Logger } from 'pino';
import type { RelayPlugin, RequestRecord } from '@llm-relay/core';

/**
 * JSON lines on stdout, one object per line, for log shippers. `pretty` (a flag, for a person at a
 * terminal) colours them instead.
 */
export async function createLogger(level: string, destination?: NodeJS.WritableStream, prettyOutput = false): Promise<Logger> {
  // pino-pretty is loaded only when asked for (~10 MB).
  const stream = prettyOutput ? (await import('pino-pretty')).default({ colorize: true, destination: 1 }) : (destination ?? bufferedStdout());
  return pino({ level, base: { service: 'llm-relay' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
}

// Lines are gathered into 4 KiB writes (one syscall for many requests under load) and flushed at least
// every 250 ms and on exit, so a quiet relay's lines still appear at once to the eye.
function bufferedStdout() {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 250).unref();
  process.once('exit', () => destination.flushSync());
  return destination;
}

/** The CLI's logging, as a plugin on the relay's hooks: one line per request, one per failed upstream call. */
export function requestLogger(logger: Logger): RelayPlugin {
  return {
    name: 'request-logger',
    onUpstreamAttempt(context, attempt) {
      if (attempt.status !== undefined && attempt.status < 400) return;
      logger.warn({ requestId: context.record.requestId, ...attempt }, 'upstream attempt failed');
    },
    onResponse(context) {
      logRequest(logger, context.record);
    },
  };
}

/** The one log line per request. Carries no header values, so no key can leak through it. */
export function logRequest(logger: Logger, record: RequestRecord): void {
  const level = record.status >= 500 ? 'error' : record.status >= 400 || record.outcome !== undefined && record.outcome !== 'completed' ? 'warn' : 'info';
  logger[level](
    {
      requestId: record.requestId,
      key: record.keyName,
      method: record.method,
      path: record.path,
      protocol: record.protocol,
      status: record.status,
      model: record.model,
      upstreamModel: record.upstreamModel,
      stream: record.stream,
      promptTokens: record.promptTokens,
      completionTokens: record.completionTokens,
      cachedTokens: record.cachedTokens,
      cacheWriteTokens: record.cacheWriteTokens,
      durationMs: record.durationMs,
      ttfbMs: record.ttfbMs,
      upstream: record.upstream,
      attempts: record.attempts,
      contextFallback: record.contextFallback,
      rateLimit: record.rateLimit,
      outcome: record.outcome,
      truncation: record.truncation?.stage === 'none' ? undefined : record.truncation,
      dropped: record.dropped,
      error: record.error,
    },
    'request',
  );
}
