import { runCooperatively } from '../util/cooperative-scheduler.js';
import { serializeJsonSteps } from '../util/serialize-json-steps.js';

/**
 * The upstream request's JSON: `JSON.stringify` of the payload for an ordinary request, or its UTF-8 bytes
 * built in slices for a large one (a 20 MB tool output, 200,000 messages), so that serializing it never
 * holds the event loop for long. Byte-identical either way: the provider's prompt cache depends on it.
 */
export function serializeBody(payload: unknown, signal: AbortSignal | undefined, requestBytes?: number): Promise<string | Uint8Array<ArrayBuffer>> {
  // The upstream body is the client's, cut or translated: from a small request, a small body, whose size
  // need not be measured first (the measuring walk cost as much again as JSON.stringify of an 850 KB request: 2.4 ms).
  if (requestBytes !== undefined && requestBytes <= SMALL_REQUEST_BYTES) return Promise.resolve(JSON.stringify(payload));
  return runCooperatively(serializeJsonSteps(payload), signal);
}

// Well under what JSON.stringify does in a few milliseconds; a translated body is at most a few times its request.
const SMALL_REQUEST_BYTES = 1_048_576;
