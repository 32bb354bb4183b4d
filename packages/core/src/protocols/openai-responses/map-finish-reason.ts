/** Why a response stopped early, as Responses says it; undefined for a normal end (`stop`, `tool_calls`). */
export type IncompleteReason = 'max_output_tokens' | 'content_filter';

/**
 * A Chat `finish_reason` as the Responses incomplete reason. `length` makes Codex report that the answer
 * was cut at the output limit, instead of taking a truncated answer as whole.
 *
 * @example incompleteReason('length') // 'max_output_tokens'
 */
export function incompleteReason(finishReason: string | null | undefined): IncompleteReason | undefined {
  if (finishReason === 'length') return 'max_output_tokens';
  if (finishReason === 'content_filter') return 'content_filter';
  return undefined;
}
