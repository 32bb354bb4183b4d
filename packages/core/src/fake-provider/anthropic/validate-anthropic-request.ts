import { type AnthropicBlock, bodyTools, contentBlocks, isRecord } from './anthropic-body.js';
import { thinkingSignatureError } from './anthropic-thinking-signature-error.js';
import { toolPairingError } from './anthropic-tool-pairing-error.js';

export interface AnthropicValidationOptions {
  /** `POST /v1/messages` demands `max_tokens`; `count_tokens` takes the same body without it. */
  requireMaxTokens: boolean;
  /**
   * Whether `role: "system"` may appear inside `messages`. Claude Code sends such messages mid-conversation
   * (always with an `anthropic-beta` header) and real Anthropic takes them; a plain Messages request gets
   * Anthropic's classic refusal. The caller decides from the header.
   */
  allowSystemRole: boolean;
}

/** Anthropic's limit on `cache_control` breakpoints per request, tools, system and messages together. */
export const MAX_CACHE_BREAKPOINTS = 4;

/**
 * Checks a Messages request body the way Anthropic does and returns the message of the first problem, in
 * Anthropic's words (answered as a 400 `invalid_request_error`), or undefined for a valid body.
 * The context-window check is separate: it needs the token count.
 *
 * @example anthropicRequestError({ model: 'm', messages: [] }, { requireMaxTokens: true, allowSystemRole: false })
 * // 'max_tokens: Field required'
 */
export function anthropicRequestError(body: Record<string, unknown>, options: AnthropicValidationOptions): string | undefined {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (options.requireMaxTokens) {
    const maxTokens = body.max_tokens;
    if (maxTokens === undefined) return 'max_tokens: Field required';
    if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return 'max_tokens: Input should be a valid integer';
    if (maxTokens < 1) return 'max_tokens: Input should be greater than or equal to 1';
  }
  if (body.messages === undefined) return 'messages: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Input should be a valid list';
  const messages = body.messages as unknown[];
  for (let i = 0; i < messages.length; i += 1) {
    const error = messageError(messages[i], i, i === messages.length - 1, options.allowSystemRole);
    if (error !== undefined) return error;
  }
  const records = messages as Record<string, unknown>[];
  if (records[0] !== undefined && records[0].role !== 'user') return 'messages: first message must use the "user" role';
  const systemBlocks = typeof body.system === 'string' ? [] : contentBlocks(body.system);
  // An empty string was judged above (a final prefill may be empty); any other string is one text block.
  const messageText = (message: Record<string, unknown>) => (message.content === '' ? undefined : emptyTextError('messages', contentBlocks(message.content)));
  const textError = emptyTextError('system', systemBlocks) ?? firstDefined(records.map(messageText));
  if (textError !== undefined) return textError;
  const pairing = toolPairingError(records);
  if (pairing !== undefined) return pairing;
  const signature = thinkingSignatureError(records);
  if (signature !== undefined) return signature;
  const marked = [...bodyTools(body), ...systemBlocks, ...records.flatMap((message) => contentBlocks(message.content))].filter((block) => isRecord(block.cache_control));
  if (marked.length > MAX_CACHE_BREAKPOINTS) return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${marked.length}.`;
  return undefined;
}

function messageError(message: unknown, index: number, isLast: boolean, allowSystemRole: boolean): string | undefined {
  if (!isRecord(message)) return `messages.${index}: Input should be a valid dictionary`;
  if (message.role === 'system' && !allowSystemRole) {
    return 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.';
  }
  if (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system') return `messages.${index}.role: Input should be 'user' or 'assistant'`;
  const content = message.content;
  if (typeof content !== 'string' && !Array.isArray(content)) return `messages.${index}.content: Input should be a valid string or a valid list`;
  // A prefill may be empty: the model then starts the assistant turn from nothing.
  const emptyAllowed = isLast && message.role === 'assistant';
  if (content.length === 0 && !emptyAllowed) return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
  return undefined;
}

function emptyTextError(where: 'system' | 'messages', blocks: readonly AnthropicBlock[]): string | undefined {
  for (const block of blocks) {
    if (block.type === 'text') {
      const text = typeof block.text === 'string' ? block.text : '';
      if (text === '') return `${where}: text content blocks must be non-empty`;
      if (text.trim() === '') return `${where}: text content blocks must contain non-whitespace text`;
    }
    // A tool result given as a string may be empty (a command with no output); its text blocks may not.
    if (block.type === 'tool_result' && Array.isArray(block.content)) {
      const inner = emptyTextError(where, contentBlocks(block.content));
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

function firstDefined(values: readonly (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined);
}
