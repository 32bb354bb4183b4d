import { isRelayReasoningToken } from '../encrypted-reasoning.js';
import type { ContentBlock, MessageParam, MessagesRequest, RedactedThinkingBlock, ThinkingBlock } from './anthropic-types.js';

/**
 * A Messages request for a Claude model with the thinking blocks no Anthropic model signed taken out: the
 * relay writes `signature: ""` on thinking that came from another upstream, Claude Code sends it back
 * verbatim, and Anthropic refuses a thinking block whose signature it did not make. Where an assistant turn
 * would be left empty, its thinking goes as text instead (an empty turn is refused too). The same object is
 * returned when there is nothing to take out, so the request's bytes (and the provider's cache) stay as they came.
 * The `redacted_thinking` blocks the relay wrote (another provider's encrypted reasoning) always go; unsigned
 * thinking stays with `keepThinking` (a model behind an Anthropic-compatible API that wants its reasoning back).
 *
 * @example dropUnsignedThinking({ model, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }, { type: 'text', text: 'Hi' }] }] })
 * // messages: [{ role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }]
 */
export function dropUnsignedThinking(request: MessagesRequest, options: { keepThinking?: boolean } = {}): MessagesRequest {
  const keepThinking = options.keepThinking === true;
  const dropped = (block: ContentBlock) => isRelayReasoning(block) || (!keepThinking && isUnsigned(block));
  const touched = (message: MessageParam) => message.role === 'assistant' && Array.isArray(message.content) && message.content.some(dropped);
  if (!request.messages.some(touched)) return request;
  return { ...request, messages: request.messages.map((message) => (touched(message) ? without(message, dropped) : message)) };
}

function isUnsigned(block: ContentBlock): block is ThinkingBlock {
  return block.type === 'thinking' && ((block as ThinkingBlock).signature === '' || typeof (block as ThinkingBlock).signature !== 'string');
}

/** Another provider's encrypted reasoning the relay carried in Claude Code's history: no model behind this API reads it. */
function isRelayReasoning(block: ContentBlock): boolean {
  return block.type === 'redacted_thinking' && isRelayReasoningToken((block as RedactedThinkingBlock).data);
}

function without(message: MessageParam, dropped: (block: ContentBlock) => boolean): MessageParam {
  const blocks = message.content as ContentBlock[];
  const kept = blocks.filter((block) => !dropped(block));
  if (kept.length > 0) return { ...message, content: kept };
  const text = blocks
    .map((block) => (block.type === 'thinking' ? (block as ThinkingBlock).thinking : ''))
    .filter((thinking) => thinking !== '')
    .join('\n\n');
  return { ...message, content: [{ type: 'text', text: text === '' ? '(thinking)' : text }] };
}
