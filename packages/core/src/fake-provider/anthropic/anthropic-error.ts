/** The error types Anthropic puts in `error.type`, by HTTP status. */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

export function anthropicErrorType(status: number): AnthropicErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  return status < 500 ? 'invalid_request_error' : 'api_error';
}

/**
 * An error exactly as Anthropic answers it: `{"type":"error","error":{type,message},"request_id"}`, with the
 * request id repeated in the `request-id` header as the real API does.
 *
 * @example anthropicErrorResponse(400, 'max_tokens: Field required', 'req_fake_1')
 */
export function anthropicErrorResponse(status: number, message: string, requestId: string, headers?: Record<string, string>): Response {
  const body = { type: 'error', error: { type: anthropicErrorType(status), message }, request_id: requestId };
  return Response.json(body, { status, headers: { ...headers, 'request-id': requestId } });
}
