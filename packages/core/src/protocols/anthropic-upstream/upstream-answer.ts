import type { ToolCall } from '../../types/chat.js';
import type { ChatCompletion, ChatCompletionMessage } from '../chat-completion.js';
import { asFields } from '../chat-fields.js';
import { toChatUsage } from './chat-usage.js';
import { toFinishReason } from './map-finish-reason.js';

export interface FromMessagesOptions {
  /** Unix seconds for `created` (a pure function does not read the clock). */
  created: number;
  /** The model name to report (the one the client asked for); default the Message's own. */
  model?: string;
}

/**
 * An Anthropic Message (parsed JSON) as an OpenAI `chat.completion`. Text blocks are joined as they are
 * (no separator: a block boundary is not a paragraph, and the stream joins them the same way); `tool_use`
 * blocks are `tool_calls` with `JSON.stringify(input)` arguments; thinking is `reasoning_content` (its
 * signature is dropped: a Chat client cannot send it back). Usage as in `toChatUsage`.
 *
 * @example fromMessagesResponse({ id: 'msg_1', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage }, { created: 1700000000 })
 * // { id: 'msg_1', object: 'chat.completion', ..., choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop', logprobs: null }], usage: {...} }
 */
export function fromMessagesResponse(message: unknown, options: FromMessagesOptions): ChatCompletion {
  const fields = asFields(message);
  const blocks = Array.isArray(fields.content) ? fields.content.map(asFields) : [];
  const text = blocks.flatMap((block) => (block.type === 'text' && typeof block.text === 'string' ? [block.text] : [])).join('');
  const reasoning = blocks.flatMap((block) => (block.type === 'thinking' && typeof block.thinking === 'string' ? [block.thinking] : [])).join('');
  const calls: ToolCall[] = blocks
    .filter((block) => block.type === 'tool_use')
    .map((block) => ({ id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) } }));

  const reply: ChatCompletionMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (reasoning !== '') reply.reasoning_content = reasoning;
  if (calls.length > 0) reply.tool_calls = calls;
  return {
    id: typeof fields.id === 'string' ? fields.id : '',
    object: 'chat.completion',
    created: options.created,
    model: options.model ?? (typeof fields.model === 'string' ? fields.model : ''),
    choices: [{ index: 0, message: reply, finish_reason: toFinishReason(fields.stop_reason), logprobs: null }],
    usage: toChatUsage(fields.usage),
  };
}
