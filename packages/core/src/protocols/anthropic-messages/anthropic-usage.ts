import type { Usage } from '../../types/chat.js';

/**
 * Anthropic's usage in the Chat form the relay logs and meters: the prompt is the three input counts
 * together (uncached, written to the cache, read from it); the cache read is what `cached_tokens` means.
 */
export function chatUsageOf(usage: unknown): Usage | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const u = usage as Record<string, unknown>;
  const num = (value: unknown) => (typeof value === 'number' ? value : 0);
  const read = num(u.cache_read_input_tokens);
  const written = num(u.cache_creation_input_tokens);
  const prompt = num(u.input_tokens) + read + written;
  return {
    prompt_tokens: prompt,
    completion_tokens: num(u.output_tokens),
    total_tokens: prompt + num(u.output_tokens),
    prompt_tokens_details: { cached_tokens: read, cache_write_tokens: written },
  };
}
