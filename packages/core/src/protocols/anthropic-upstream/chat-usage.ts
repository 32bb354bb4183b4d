import type { Usage } from '../../types/chat.js';
import { chatUsageOf } from '../anthropic-messages/anthropic-usage.js';

/**
 * Anthropic usage in Chat form (see `chatUsageOf`): `prompt_tokens` = input + cache written + cache read,
 * `prompt_tokens_details.cached_tokens` = cache read, and `prompt_tokens_details.cache_write_tokens` = cache
 * written, which OpenAI has no field for but the relay logs (writes cost 1.25x, reads 0.1x). Zeros when absent.
 *
 * @example toChatUsage({ input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 2000, output_tokens: 7 })
 * // { prompt_tokens: 2105, completion_tokens: 7, total_tokens: 2112, prompt_tokens_details: { cached_tokens: 2000, cache_write_tokens: 100 } }
 */
export function toChatUsage(usage: unknown): Usage {
  return chatUsageOf(usage) ?? (chatUsageOf({}) as Usage);
}

/**
 * Usage reported in pieces (a stream's `message_start`, then `message_delta`) merged into one: a later
 * number replaces an earlier one, a missing or null one does not.
 */
export function mergeUsage(into: Record<string, number>, usage: unknown): Record<string, number> {
  if (usage === null || typeof usage !== 'object') return into;
  const merged = { ...into };
  for (const [key, value] of Object.entries(usage)) if (typeof value === 'number' && Number.isFinite(value)) merged[key] = value;
  return merged;
}
