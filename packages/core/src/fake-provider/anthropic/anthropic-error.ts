import { anthropicErrorType } from '../../protocols/anthropic-messages/anthropic-error.js';

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
