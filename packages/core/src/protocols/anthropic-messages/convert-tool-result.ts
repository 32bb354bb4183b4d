import type { ChatMessage, ImagePart } from '../../types/chat.js';
import type { ToolResultBlock } from './anthropic-types.js';
import { toContentPart } from './content-parts.js';

export interface ConvertedToolResult {
  message: ChatMessage;
  /** Chat `tool` messages carry text only: the caller puts these in a user message after the tool messages. */
  images: ImagePart[];
}

/**
 * A `tool_result` block as a Chat `tool` message. Text blocks are joined by newlines. A failed result
 * (`is_error: true`) is prefixed with "Error: ", because Chat has no flag for it and the model should not
 * read a failure as output. Images are returned apart, with a note in the text saying where they went.
 *
 * @example toToolMessage({ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' })
 * // { message: { role: 'tool', tool_call_id: 'toolu_1', content: 'ok' }, images: [] }
 */
export function toToolMessage(block: ToolResultBlock): ConvertedToolResult {
  const texts: string[] = [];
  const images: ImagePart[] = [];
  const content = block.content ?? '';
  for (const inner of typeof content === 'string' ? [{ type: 'text' as const, text: content }] : content) {
    const part = toContentPart(inner);
    if (part?.type === 'text') texts.push(part.text);
    else if (part?.type === 'image_url') images.push(part);
  }
  if (images.length > 0) texts.push(`[${images.length} image(s) of this result are in the next user message]`);
  let text = texts.join('\n');
  if (block.is_error === true) text = text === '' ? 'Error' : `Error: ${text}`;
  return { message: { role: 'tool', tool_call_id: block.tool_use_id, content: text }, images };
}
