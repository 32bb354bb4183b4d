import type { ContentBlock, MessageParam, MessagesRequest, ThinkingBlock } from './anthropic-types.js';

/**
 * A Messages request for a Claude model with the thinking blocks no Anthropic model signed taken out: the
 * relay writes `signature: ""` on thinking that came from another upstream, Claude Code sends it back
 * verbatim, and Anthropic refuses a thinking block whose signature it did not make. Where an assistant turn
 * would be left empty, its thinking goes as text instead (an empty turn is refused too). The same object is
 * returned when there is nothing to take out, so the request's bytes (and the provider's cache) stay as they came.
 *
 * @example dropUnsignedThinking({ model, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }, { type: 'text', text: 'Hi' }] }] })
 * // messages: [{ role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }]
 */
export function dropUnsignedThinking(request: MessagesRequest): MessagesRequest {
  if (!request.messages.some(hasUnsignedThinking)) return request;
  return { ...request, messages: request.messages.map((message) => (hasUnsignedThinking(message) ? withoutUnsigned(message) : message)) };
}

function isUnsigned(block: ContentBlock): block is ThinkingBlock {
  return block.type === 'thinking' && ((block as ThinkingBlock).signature === '' || typeof (block as ThinkingBlock).signature !== 'string');
}

function hasUnsignedThinking(message: MessageParam): boolean {
  return message.role === 'assistant' && Array.isArray(message.content) && message.content.some(isUnsigned);
}

function withoutUnsigned(message: MessageParam): MessageParam {
  const blocks = message.content as ContentBlock[];
  const kept = blocks.filter((block) => !isUnsigned(block));
  if (kept.length > 0) return { ...message, content: kept };
  const text = blocks
    .map((block) => (block as ThinkingBlock).thinking)
    .filter((thinking) => thinking !== '')
    .join('\n\n');
  return { ...message, content: [{ type: 'text', text: text === '' ? '(thinking)' : text }] };
}
