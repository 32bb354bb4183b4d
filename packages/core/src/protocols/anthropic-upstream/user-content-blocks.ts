import type { ImageBlock, TextBlock } from '../anthropic-messages/anthropic-types.js';
import { asFields } from '../chat-fields.js';
import { imageBlock } from './image-block.js';
import { textBlock } from './text-block.js';

/**
 * Chat content (a string or parts) as Anthropic text and image blocks, in order. Empty and whitespace-only
 * texts are dropped (Anthropic refuses them); a `refusal` part is text; a part Anthropic has no block for
 * (audio, files) leaves a one-line note, so the model knows the user sent something it cannot see.
 *
 * @example userContentBlocks([{ type: 'text', text: 'Look' }, { type: 'image_url', image_url: { url: 'https://x.dev/a.png' } }])
 * // [{ type: 'text', text: 'Look' }, { type: 'image', source: { type: 'url', url: 'https://x.dev/a.png' } }]
 */
export function userContentBlocks(content: unknown): (TextBlock | ImageBlock)[] {
  if (typeof content === 'string') return present(textBlock(content));
  if (!Array.isArray(content)) return [];
  return content.flatMap((item): (TextBlock | ImageBlock)[] => {
    const part = asFields(item);
    if (part.type === 'text') return present(textBlock(part.text, part.cache_control));
    if (part.type === 'refusal') return present(textBlock(part.refusal));
    if (part.type === 'image_url') {
      const image = part.image_url;
      return [imageBlock(typeof image === 'string' ? image : asFields(image).url, part.cache_control)];
    }
    return typeof part.type === 'string' ? [{ type: 'text', text: `[${part.type} content omitted: the upstream cannot read it]` }] : [];
  });
}

/** Only the text blocks of a content: for roles whose images Chat does not allow (system, assistant). */
export function textBlocksOf(content: unknown): TextBlock[] {
  if (typeof content === 'string') return present(textBlock(content));
  if (!Array.isArray(content)) return [];
  return content.flatMap((item) => {
    const part = asFields(item);
    if (part.type === 'text') return present(textBlock(part.text, part.cache_control));
    return part.type === 'refusal' ? present(textBlock(part.refusal)) : [];
  });
}

function present<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}
