import cluster from 'node:cluster';
import type { RelayPlugin, RequestRecord } from '@llm-relay/core';
import pino, { type Logger } from 'pino';
import { AtomicLineWriter } from './atomic-line-writer.js';
import { LineBatcher } from './line-batcher.js';
import { requestFailed } from './request-failed.js';

/**
 * JSON lines on stdout, one object per line, for log shippers. `pretty` (a flag, for a person at a
 * terminal) colours them instead.
 */
export async function createLogger(level: string, destination?: NodeJS.WritableStream, prettyOutput = false): Promise<Logger> {
  // pino-pretty is loaded only when asked for (~10 MB).
  const stream = prettyOutput ? (await import('pino-pretty')).default({ colorize: true, destination: 1 }) : (destination ?? bufferedStdout());
  const logger = pino({ level, base: BASE, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  if (!prettyOutput) jsonLines.set(logger, stream);
  return logger;
}

const SERVICE = 'llm-relay';
// Under `--workers n` each process is a cluster worker, and every line says which one wrote it.
const BASE = cluster.worker === undefined ? { service: SERVICE } : { service: SERVICE, worker: cluster.worker.id };
const BASE_JSON = JSON.stringify(BASE).slice(1, -1);
// Loggers made here that write plain JSON lines, with their stream: the request line can skip pino's formatting.
const jsonLines = new WeakMap<Logger, { write(line: string): unknown }>();

// Lines are gathered per event-loop turn, then into 4 KiB writes (one syscall for many requests under
// load), flushed at least every 250 ms and on exit, so a quiet relay's lines still appear at once to the eye.
function bufferedStdout() {
  // Workers share stdout: whole-line writes each under the pipe's atomic size, so lines never interleave.
  if (cluster.worker !== undefined) {
    const batcher = new LineBatcher(new AtomicLineWriter());
    process.once('exit', () => batcher.flush());
    return batcher;
  }
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 250).unref();
  const batcher = new LineBatcher(destination);
  process.once('exit', () => {
    batcher.flush();
    destination.flushSync();
  });
  return batcher;
}

/** The CLI's logging, as a plugin on the relay's hooks: one line per request, one per failed upstream call. */
export function requestLogger(logger: Logger): RelayPlugin {
  return {
    name: 'request-logger',
    onUpstreamAttempt(context, attempt) {
      // Once per key, with its fingerprint only: the provider refused it, so it is out of the rotation.
      if (attempt.keyOutcome === 'removed') logger.error({ upstream: attempt.upstream, key: attempt.keyFingerprint, status: attempt.status }, 'provider key refused: taken out of the rotation');
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
  const level = record.status >= 500 ? 'error' : requestFailed(record) ? 'warn' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const fields = requestFields(record);
  const stream = jsonLines.get(logger);
  // pino formats a line field by field (about 7 us for this one, 5% of a small request's time in the relay);
  // JSON.stringify writes the same line, in pino's key order and time format, to the same stream for a
  // fraction of that. Other loggers (pretty, a caller's own) go through pino.
  if (stream === undefined) return void logger[level](fields, 'request');
  const body = JSON.stringify(fields).slice(1, -1);
  stream.write(`{"level":${LEVELS[level]},"time":"${new Date().toISOString()}",${BASE_JSON},${body},"msg":"request"}\n`);
}

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/** The request line's fields; `requestId`, `method`, `path`, `status` and `durationMs` are always there. */
function requestFields(record: RequestRecord) {
  return {
    requestId: record.requestId,
    key: record.keyName,
    method: record.method,
    path: record.path,
    protocol: record.protocol,
    session: record.sessionId,
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
    cutOnArrival: record.cutOnArrival,
    repaired: record.repaired,
    unrepaired: record.unrepaired,
    error: record.error,
  };
}
