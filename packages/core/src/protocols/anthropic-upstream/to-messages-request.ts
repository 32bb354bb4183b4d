import { isSystemRole } from '../../context/conversation-layout.js';
import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { conversationTurns } from './conversation-turns.js';
import { toAnthropicTools } from './convert-chat-tools.js';
import { thinkingConfig } from './thinking-config.js';
import { upstreamMessages } from './upstream-messages.js';
import type { UpstreamMessagesRequest } from './upstream-types.js';
import { textBlocksOf } from './user-content-blocks.js';

export interface ToMessagesOptions {
  /** The upstream model's output limit: the default `max_tokens` (Anthropic requires one) and its ceiling. */
  maxOutputTokens: number;
  /** The model name the upstream knows. */
  model: string;
  /** The model can think: a `reasoning_effort` turns on `thinking`. */
  thinkingModels?: boolean;
}

/**
 * The relay's Chat request as an Anthropic Messages request. Deterministic: the same conversation gives
 * the same bytes (keys are written in a fixed order, never copied from the client), so the upstream's
 * prompt cache can match the prefix from one request to the next.
 *
 * - Leading system/developer messages are `system` text blocks, in order; later ones are
 *   `<system-reminder>` texts in the user turn of their place (see `conversationTurns`).
 * - Messages alternate user/assistant, tool results pair with their calls (see `upstreamMessages`); every
 *   content is a block array, empty and whitespace-only texts are dropped, `reasoning_content` is dropped
 *   (no signature Anthropic would accept). A client's `cache_control` on text or image parts is kept.
 *   Tool-call arguments that are not a JSON object become `{ _raw: text }` rather than `{}` (`parseToolInput`):
 *   the model then sees its own broken call, which explains the error result that follows it.
 * - `max_completion_tokens ?? max_tokens`, clamped to `maxOutputTokens`, is `max_tokens` (default: the limit).
 * - `temperature` (clamped to Anthropic's 0..1) wins over `top_p` when both come: recent models take one.
 * - `reasoning_effort` -> `thinking` when `thinkingModels` (see `thinkingConfig`); thinking leaves out
 *   `temperature` and `top_p`, which Anthropic then refuses.
 * - `stop` -> `stop_sequences` (blank ones left out), `user` -> `metadata.user_id`, `stream` kept.
 *   Everything else (`n`, `logprobs`, `response_format`, `stream_options`, ...) is dropped.
 *
 * @example toMessagesRequest({ messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Hi' }] }, { maxOutputTokens: 8192, model: 'claude-sonnet-4-5' })
 * // { model: 'claude-sonnet-4-5', max_tokens: 8192, system: [{ type: 'text', text: 'Be brief' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }
 */
export function toMessagesRequest(chat: ChatRequest, options: ToMessagesOptions): UpstreamMessagesRequest {
  const all: readonly ChatMessage[] = Array.isArray(chat.messages) ? chat.messages : [];
  let first = 0;
  while (first < all.length && isSystemRole(all[first] as ChatMessage)) first += 1;
  const system = all.slice(0, first).flatMap((message) => textBlocksOf(message.content));
  const messages = upstreamMessages(conversationTurns(all.slice(first)));
  const maxTokens = outputLimit(chat, options.maxOutputTokens);
  const { tools, tool_choice } = toAnthropicTools(chat.tools, chat.tool_choice, chat.parallel_tool_calls);
  const thinking = options.thinkingModels === true ? thinkingConfig(chat.reasoning_effort, maxTokens, messages, tool_choice) : undefined;
  const stops = stopSequences(chat.stop);
  const temperature = thinking === undefined && isNumber(chat.temperature) ? Math.min(1, Math.max(0, chat.temperature)) : undefined;
  const topP = thinking === undefined && temperature === undefined && isNumber(chat.top_p) ? chat.top_p : undefined;
  return {
    model: options.model,
    max_tokens: maxTokens,
    ...(system.length > 0 ? { system } : {}),
    messages,
    ...(tools === undefined ? {} : { tools }),
    ...(tool_choice === undefined ? {} : { tool_choice }),
    ...(stops.length > 0 ? { stop_sequences: stops } : {}),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { top_p: topP }),
    ...(thinking === undefined ? {} : { thinking }),
    ...(typeof chat.user === 'string' && chat.user !== '' ? { metadata: { user_id: chat.user } } : {}),
    ...(typeof chat.stream === 'boolean' ? { stream: chat.stream } : {}),
  };
}

function outputLimit(chat: ChatRequest, limit: number): number {
  const asked = [chat.max_completion_tokens, chat.max_tokens].find((value) => isNumber(value) && value >= 1);
  return Math.max(1, Math.floor(asked === undefined ? limit : Math.min(asked, limit)));
}

function stopSequences(stop: unknown): string[] {
  const list: unknown[] = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : [];
  // Anthropic refuses blank stop sequences, "\n" included (BerriAI/litellm#3286): leaving one out beats a 400.
  return list.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
