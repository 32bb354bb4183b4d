import { asFields } from '../chat-fields.js';
import type { MessagesUsage } from './anthropic-types.js';

/**
 * Chat usage as Anthropic usage: `input_tokens` is the uncached part of the prompt, the cached part is
 * `cache_read_input_tokens` (OpenAI's `prompt_tokens_details.cached_tokens`, DeepSeek's
 * `prompt_cache_hit_tokens`). Missing numbers count as 0.
 *
 * @example toAnthropicUsage({ prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 60 } })
 * // { input_tokens: 40, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 60 }
 */
export function toAnthropicUsage(usage: unknown): MessagesUsage {
  const fields = asFields(usage);
  const details = asFields(fields.prompt_tokens_details);
  const prompt = count(fields.prompt_tokens);
  const cached = Math.min(prompt, count(details.cached_tokens ?? fields.prompt_cache_hit_tokens));
  return { input_tokens: prompt - cached, output_tokens: count(fields.completion_tokens), cache_creation_input_tokens: 0, cache_read_input_tokens: cached };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}
