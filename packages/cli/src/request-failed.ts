import type { RequestRecord } from '@llm-relay/core';

/**
 * Whether a finished request failed, one rule for the log line's level, the page's minutes and sessions, and
 * the traces: an error status, or a stream that ended any way but whole (broken half-way, silent too long,
 * left by its client) after its 200 went out.
 */
export function requestFailed(record: Pick<RequestRecord, 'status' | 'outcome'>): boolean {
  return record.status >= 400 || (record.outcome !== undefined && record.outcome !== 'completed');
}
