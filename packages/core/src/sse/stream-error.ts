import { RelayError } from '../errors/relay-error.js';

/** Why a stream ended early, as the error its final event carries. */
export function streamError(message: string, cause?: unknown, code = 'stream_interrupted'): RelayError {
  const reason = cause instanceof Error ? `: ${cause.message}` : '';
  return new RelayError({ status: 502, type: 'upstream_error', code, message: `${message}${reason}` });
}
