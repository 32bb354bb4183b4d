import { RelayError } from './relay-error.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The one place where any thrown value becomes an OpenAI-shaped error body. */
export function toRelayError(error: unknown): RelayError {
  if (RelayError.isInstance(error)) return error;
  return new RelayError({ status: 500, message: 'Internal relay error', code: 'internal_error', cause: error });
}

export function errorBody(error: RelayError): OpenAIErrorBody {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
}

/** Turns any error into an OpenAI-shaped JSON response with the right status. */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  const relayError = toRelayError(error);
  const responseHeaders = new Headers(headers);
  responseHeaders.set('content-type', 'application/json');
  for (const [name, value] of Object.entries(relayError.headers)) responseHeaders.set(name, value);
  return new Response(JSON.stringify(errorBody(relayError)), { status: relayError.status, headers: responseHeaders });
}
