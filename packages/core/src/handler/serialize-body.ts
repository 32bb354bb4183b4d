import { runCooperatively } from '../util/cooperative-scheduler.js';
import { serializeJsonSteps } from '../util/serialize-json-steps.js';

/**
 * The upstream request's JSON: `JSON.stringify` of the payload for an ordinary request, or its UTF-8 bytes
 * built in slices for a large one (a 20 MB tool output, 200,000 messages), so that serializing it never
 * holds the event loop for long. Byte-identical either way: the provider's prompt cache depends on it.
 */
export function serializeBody(payload: unknown, signal: AbortSignal | undefined): Promise<string | Uint8Array<ArrayBuffer>> {
  return runCooperatively(serializeJsonSteps(payload), signal);
}
