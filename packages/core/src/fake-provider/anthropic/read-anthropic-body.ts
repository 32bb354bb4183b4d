import { RelayError } from '../../errors/relay-error.js';
import { readJsonBody } from '../../util/read-json-body.js';
import { isRecord } from './anthropic-body.js';

/** Anthropic's own limit on a Messages request body. */
export const MAX_ANTHROPIC_BODY_BYTES = 32 * 1024 * 1024;

export type ReadBodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; message: string };

/**
 * Reads a Messages request body within Anthropic's 32 MB limit: 413 `request_too_large` past it, 400 when
 * it is not a JSON object. Never throws.
 */
export async function readAnthropicBody(request: Request): Promise<ReadBodyResult> {
  try {
    const body = await readJsonBody(request, MAX_ANTHROPIC_BODY_BYTES);
    if (isRecord(body)) return { ok: true, body };
    return { ok: false, status: 400, message: 'Input should be a valid dictionary or object to extract fields from' };
  } catch (error) {
    if (RelayError.isInstance(error) && error.status === 413) return { ok: false, status: 413, message: 'Request exceeds the maximum size' };
    return { ok: false, status: 400, message: 'There was an error parsing the body of your request: it is not valid JSON.' };
  }
}
