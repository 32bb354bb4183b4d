import { RelayError, type RelayErrorType } from '../errors/relay-error.js';

// Headers of an error answer that a client acts on, kept when the error changes shape.
const KEPT = ['retry-after', 'retry-after-ms'];

/**
 * An OpenAI-shaped error answer (the upstream's, passed on, or the relay's own) as a `RelayError`, so a
 * front door of another protocol can answer it in its own shape with the same status and retry hints.
 */
export async function errorFromResponse(response: Response): Promise<RelayError> {
  const text = await response.text();
  let error: Record<string, unknown> = {};
  try {
    const parsed = (JSON.parse(text) as { error?: unknown }).error;
    if (parsed !== null && typeof parsed === 'object') error = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the text itself is the message.
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (KEPT.includes(name) || name.startsWith('x-ratelimit-')) headers[name] = value;
  });
  return new RelayError({
    status: response.status,
    message: typeof error.message === 'string' ? error.message : text.slice(0, 500) || `The upstream answered ${response.status}.`,
    type: typeof error.type === 'string' ? (error.type as RelayErrorType) : undefined,
    code: typeof error.code === 'string' ? error.code : null,
    param: typeof error.param === 'string' ? error.param : null,
    headers,
  });
}
