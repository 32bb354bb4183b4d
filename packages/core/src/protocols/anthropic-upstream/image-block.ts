import type { ImageBlock, TextBlock } from '../anthropic-messages/anthropic-types.js';
import { cacheMarker } from './text-block.js';

// What Anthropic accepts as an image; anything else is a 400 for the whole request.
const MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * A Chat `image_url` as an Anthropic image block: a base64 `data:` URL becomes a base64 source, an
 * http(s) URL a url source. Anything Anthropic would refuse (another media type, a non-base64 data URL,
 * another scheme) becomes a short text note instead, so one odd image does not fail the whole request and
 * the model knows something was there.
 *
 * @example imageBlock('data:image/png;base64,iVBORw0K') // { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } }
 */
export function imageBlock(url: unknown, marker?: unknown): ImageBlock | TextBlock {
  const block = imageSourceBlock(typeof url === 'string' ? url.trim() : '');
  const cacheControl = cacheMarker(marker);
  return cacheControl === undefined ? block : { ...block, cache_control: cacheControl };
}

function imageSourceBlock(url: string): ImageBlock | TextBlock {
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  if (!url.toLowerCase().startsWith('data:')) return note('only data: and http(s) image URLs can be sent');
  // Split by hand: a regex over a multi-megabyte base64 string is needless work.
  const comma = url.indexOf(',');
  if (comma < 0) return note('malformed data URL');
  const header = url.slice(5, comma).toLowerCase().split(';');
  const mediaType = header[0] === 'image/jpg' ? 'image/jpeg' : (header[0] ?? '');
  if (!header.includes('base64')) return note('the data URL is not base64');
  if (!MEDIA_TYPES.has(mediaType)) return note(`unsupported type ${mediaType || 'unknown'}`);
  const data = url.slice(comma + 1);
  if (data === '') return note('empty image data');
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data } };
}

function note(reason: string): TextBlock {
  return { type: 'text', text: `[image omitted: ${reason}]` };
}
