import type { CacheControl, TextBlock } from '../anthropic-messages/anthropic-types.js';

/**
 * A text block, or undefined for text Anthropic refuses ("text content blocks must contain non-whitespace
 * text"). A client's `cache_control` is carried over as a marker `placeCacheBreakpoints` respects.
 *
 * @example textBlock('Hi') // { type: 'text', text: 'Hi' }
 * @example textBlock('  ') // undefined
 */
export function textBlock(text: unknown, marker?: unknown): TextBlock | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const cacheControl = cacheMarker(marker);
  return cacheControl === undefined ? { type: 'text', text } : { type: 'text', text, cache_control: cacheControl };
}

/** A client's `cache_control` in Anthropic's form, written out so its key order is fixed; undefined for anything else. */
export function cacheMarker(marker: unknown): CacheControl | undefined {
  if (marker === null || typeof marker !== 'object') return undefined;
  const { type, ttl } = marker as { type?: unknown; ttl?: unknown };
  if (type !== 'ephemeral') return undefined;
  return ttl === '5m' || ttl === '1h' ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };
}
