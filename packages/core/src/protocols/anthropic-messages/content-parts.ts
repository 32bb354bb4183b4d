import type { ContentPart, ImagePart, TextPart } from '../../types/chat.js';
import type { ContentBlock, ImageBlock, TextBlock } from './anthropic-types.js';

/**
 * A text or image block as a Chat content part; undefined for empty text and every other block type.
 * Only the fields Chat knows are copied, so `cache_control` never reaches the upstream.
 *
 * @example toContentPart({ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }) // { type: 'text', text: 'Hi' }
 */
export function toContentPart(block: ContentBlock): TextPart | ImagePart | undefined {
  if (block.type === 'text') {
    const { text } = block as TextBlock;
    return text === '' ? undefined : { type: 'text', text };
  }
  if (block.type === 'image') {
    const { source } = block as ImageBlock;
    const url = source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
    return { type: 'image_url', image_url: { url } };
  }
  return undefined;
}

/**
 * Text-only content as one string (texts joined by a blank line), anything with an image as parts.
 * A string is what every OpenAI-compatible server accepts, and it makes `"Hi"` and `[{type:'text', text:'Hi'}]`
 * the same bytes, which the upstream prompt cache needs.
 */
export function toChatContent(parts: readonly ContentPart[]): string | ContentPart[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => (part as TextPart).text).join('\n\n');
  return [...parts];
}

/** The texts of a content, for roles that take no images (system, assistant). Empty texts are skipped. */
export function contentTexts(content: string | readonly ContentBlock[]): string[] {
  if (typeof content === 'string') return content === '' ? [] : [content];
  return content.flatMap((block) => (block.type === 'text' && (block as TextBlock).text !== '' ? [(block as TextBlock).text] : []));
}
