import { RelayError } from '../../errors/relay-error.js';
import { type ChatRequest, MESSAGE_ROLES } from '../../types/chat.js';

const ROLES: ReadonlySet<string> = new Set(MESSAGE_ROLES);

/** Checks the shape the relay relies on; the provider checks the rest. Errors name the offending field. */
export function validateChatRequest(body: unknown): ChatRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object with a `messages` array.', null);
  }
  const request = body as Record<string, unknown>;
  if (request.model !== undefined && typeof request.model !== 'string') throw invalid('`model` must be a string.', 'model');
  if (!Array.isArray(request.messages)) throw invalid('`messages` must be an array of chat messages.', 'messages');
  if (request.messages.length === 0) throw invalid('`messages` must contain at least one message.', 'messages');
  request.messages.forEach((message: unknown, index: number) => {
    const param = `messages[${index}]`;
    if (message === null || typeof message !== 'object' || Array.isArray(message)) throw invalid(`${param} must be an object.`, param);
    const { role, content, tool_calls: toolCalls } = message as Record<string, unknown>;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw invalid(`${param}.role must be one of ${MESSAGE_ROLES.join(', ')}; got ${JSON.stringify(role) ?? 'nothing'}.`, `${param}.role`);
    }
    if (content !== undefined && content !== null && typeof content !== 'string' && !Array.isArray(content)) {
      throw invalid(`${param}.content must be a string, an array of content parts, or null.`, `${param}.content`);
    }
    if (Array.isArray(content) && content.some((part) => part === null || typeof part !== 'object' || typeof part.type !== 'string')) {
      throw invalid(`${param}.content parts must be objects with a \`type\`.`, `${param}.content`);
    }
    if (toolCalls !== undefined && toolCalls !== null && !Array.isArray(toolCalls)) {
      throw invalid(`${param}.tool_calls must be an array.`, `${param}.tool_calls`);
    }
    if (Array.isArray(toolCalls)) toolCalls.forEach((call: unknown, callIndex: number) => checkToolCall(call, `${param}.tool_calls[${callIndex}]`));
  });
  if (request.tools !== undefined && !Array.isArray(request.tools)) throw invalid('`tools` must be an array.', 'tools');
  if (request.stream !== undefined && typeof request.stream !== 'boolean') throw invalid('`stream` must be a boolean.', 'stream');
  return request as ChatRequest;
}

function checkToolCall(call: unknown, param: string): void {
  const fn = call !== null && typeof call === 'object' ? (call as { function?: unknown }).function : undefined;
  if (fn === null || typeof fn !== 'object') throw invalid(`${param} must be an object with a \`function\` object.`, param);
  const { name, arguments: args } = fn as Record<string, unknown>;
  if (typeof name !== 'string') throw invalid(`${param}.function.name must be a string.`, `${param}.function.name`);
  if (args !== undefined && typeof args !== 'string') throw invalid(`${param}.function.arguments must be a JSON string.`, `${param}.function.arguments`);
}

function invalid(message: string, param: string | null): RelayError {
  return new RelayError({ status: 400, message, param, code: 'invalid_request' });
}
