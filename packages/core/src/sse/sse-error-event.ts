import { errorBody } from '../errors/error-response.js';
import type { RelayError } from '../errors/relay-error.js';

/** A stream that fails half-way ends with this event, so the client sees why instead of a silent cut. */
export function sseErrorEvent(error: RelayError): string {
  return `data: ${JSON.stringify(errorBody(error))}\n\n`;
}
