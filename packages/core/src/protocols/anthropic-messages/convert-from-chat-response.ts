import { randomId } from '../../util/random-id.js';
import { asFields, reasoningText } from '../chat-fields.js';
import { encryptedReasoningOf, reasoningToken } from '../encrypted-reasoning.js';
import type { MessagesResponse, ResponseBlock } from './anthropic-types.js';
import { mapStopReason } from './map-stop-reason.js';
import { toAnthropicUsage } from './map-usage.js';
import { parseToolInput } from './parse-tool-input.js';

/**
 * A Chat completion (parsed JSON) as an Anthropic Message, named after the model the client asked for.
 * Blocks come in the order thinking (from `reasoning_content` or `reasoning`, signature ""), redacted_thinking
 * (another provider's encrypted reasoning, for Claude Code to send back: see encrypted-reasoning.ts), text, tool_use.
 *
 * @example toAnthropicMessage({ id: 'abc', choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] }, 'claude-sonnet-4-5')
 * // { id: 'msg_abc', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', ... }
 */
export function toAnthropicMessage(completion: unknown, requestedModel: string): MessagesResponse {
  const fields = asFields(completion);
  const choices = Array.isArray(fields.choices) ? (fields.choices as unknown[]) : [];
  const choice = asFields(choices[0]);
  const message = asFields(choice.message);
  const content: ResponseBlock[] = [];

  const reasoning = reasoningText(message);
  if (reasoning !== '') content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  for (const sealed of encryptedReasoningOf(message)) content.push({ type: 'redacted_thinking', data: reasoningToken(sealed) });
  const text = messageText(message.content);
  if (text !== '') content.push({ type: 'text', text });
  const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]) : [];
  for (const call of calls) {
    const { id, function: fn } = asFields(call);
    const { name, arguments: args } = asFields(fn);
    if (typeof name !== 'string' || name === '') continue;
    const input = parseToolInput(typeof args === 'string' ? args : '');
    content.push({ type: 'tool_use', id: typeof id === 'string' && id !== '' ? id : randomId('toolu_'), name, input });
  }

  const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    id: typeof fields.id === 'string' && fields.id !== '' ? `msg_${fields.id}` : randomId('msg_'),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    stop_reason: mapStopReason(
      finishReason,
      content.some((block) => block.type === 'tool_use'),
    ),
    stop_sequence: null,
    usage: toAnthropicUsage(fields.usage),
  };
}

// Some servers answer with content parts instead of a string.
function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => asFields(part))
    .flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : []))
    .join('');
}
