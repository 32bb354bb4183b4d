/**
 * Anthropic's context-window check, in its words. A prompt over the window is refused with
 * `prompt is too long: N tokens > M maximum` (Claude Code reads both numbers to offer compaction).
 * A prompt that fits but leaves less room than `max_tokens` is accepted by current models, which stop at
 * the window with stop reason `model_context_window_exceeded` (Claude Code sends `max_tokens: 128000`
 * whatever its prompt); older models refused it, which `maxTokensMustFit` plays.
 *
 * @example contextWindowError(210_000, 1_000, 200_000, false) // 'prompt is too long: 210000 tokens > 200000 maximum'
 */
export function contextWindowError(promptTokens: number, maxTokens: number, window: number, maxTokensMustFit: boolean): string | undefined {
  if (promptTokens > window) return `prompt is too long: ${promptTokens} tokens > ${window} maximum`;
  if (maxTokensMustFit && promptTokens + maxTokens > window) {
    return `input length and \`max_tokens\` exceed context limit: ${promptTokens} + ${maxTokens} > ${window}, decrease input length or \`max_tokens\` and try again`;
  }
  return undefined;
}
