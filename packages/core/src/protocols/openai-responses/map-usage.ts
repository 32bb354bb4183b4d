import { isRecord } from './fields.js';
import type { ResponsesUsage } from './responses-types.js';

/**
 * Chat usage as Responses usage. `input_tokens` includes cached tokens on both sides, so no arithmetic is
 * needed; missing counts are 0. Returns null when `usage` is not a usage object.
 *
 * @example toResponsesUsage({ prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 })
 */
export function toResponsesUsage(usage: unknown): ResponsesUsage | null {
  if (!isRecord(usage)) return null;
  const input = count(usage.prompt_tokens);
  const output = count(usage.completion_tokens);
  const inputDetails = isRecord(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const outputDetails = isRecord(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: count(inputDetails.cached_tokens) },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: count(outputDetails.reasoning_tokens) },
    total_tokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : input + output,
  };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
