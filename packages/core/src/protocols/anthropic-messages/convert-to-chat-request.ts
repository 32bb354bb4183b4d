import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import type { MessagesRequest } from './anthropic-types.js';
import { contentTexts } from './content-parts.js';
import { toChatMessages } from './convert-message.js';
import { toChatTools } from './convert-tools.js';
import type { Origin } from './message-origin.js';

export interface ToChatOptions {
  /** Send earlier `thinking` blocks back as `reasoning_content` (DeepSeek-style upstreams); else they are dropped. */
  reasoningContent?: boolean;
  /** The upstream model's output limit: `max_tokens` is clamped to it. */
  maxOutputTokens?: number;
}

export interface ToChatResult {
  chat: ChatRequest;
  /** Server tools (`web_search_*`) that were left out because a Chat upstream cannot run them. */
  droppedTools: string[];
  /** For each Chat message, the Anthropic message (and part of it) it came from. */
  origins: Origin[];
}

// Claude Code's first system block is a per-session billing line: meaningless to another model, and at the
// very start of the prompt it would keep every new session from reusing the upstream's cached prefix.
const BILLING_LINE = 'x-anthropic-billing-header:';

/**
 * An Anthropic Messages request as the relay's internal Chat request. Deterministic: the output bytes
 * depend on the conversation only, not on where this turn's `cache_control` markers sit nor on whether a
 * single text block came as a string. `metadata`, `thinking`, `top_k`, `context_management` and
 * `output_config` have no Chat meaning and are dropped.
 *
 * @example toChatRequest({ model: 'claude-sonnet-4-5', max_tokens: 64000, messages: [{ role: 'user', content: 'Hi' }] }, { maxOutputTokens: 8192 })
 * // { chat: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 8192 }, droppedTools: [] }
 */
export function toChatRequest(request: MessagesRequest, options: ToChatOptions = {}): ToChatResult {
  const messages: ChatMessage[] = [];
  const system = systemText(request.system);
  // Where each Chat message came from, so the context engine's edits can be applied to the request itself.
  const origins: Origin[] = [];
  if (system !== '') {
    messages.push({ role: 'system', content: system });
    origins.push({ message: -1, part: 0 });
  }
  request.messages.forEach((message, index) => {
    toChatMessages(message, options.reasoningContent === true).forEach((chat, part) => {
      messages.push(chat);
      origins.push({ message: index, part });
    });
  });

  const chat: ChatRequest = { model: request.model, messages };
  const { droppedTools, ...tools } = toChatTools(request.tools, request.tool_choice);
  if (tools.tools !== undefined) chat.tools = tools.tools;
  if (tools.tool_choice !== undefined) chat.tool_choice = tools.tool_choice;
  if (tools.parallel_tool_calls !== undefined) chat.parallel_tool_calls = tools.parallel_tool_calls;
  if (request.max_tokens !== undefined) {
    chat.max_tokens = options.maxOutputTokens === undefined ? request.max_tokens : Math.min(request.max_tokens, options.maxOutputTokens);
  }
  if (typeof request.temperature === 'number') chat.temperature = request.temperature;
  if (typeof request.top_p === 'number') chat.top_p = request.top_p;
  if (request.stop_sequences !== undefined && request.stop_sequences.length > 0) chat.stop = [...request.stop_sequences];
  if (request.stream !== undefined) chat.stream = request.stream;
  // The Anthropic stream reports usage in message_delta, so the upstream must send it.
  if (request.stream === true) chat.stream_options = { include_usage: true };
  return { chat, droppedTools, origins };
}

function systemText(system: MessagesRequest['system']): string {
  if (system === undefined) return '';
  const blocks = typeof system === 'string' ? [{ type: 'text' as const, text: system }] : system;
  return contentTexts(blocks.filter((block) => !block.text.startsWith(BILLING_LINE))).join('\n\n');
}
