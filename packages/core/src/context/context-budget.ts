export interface BudgetOptions {
  /** An explicit prompt budget (the Go relay used 180,000). Wins over the window arithmetic below. */
  maxPromptTokens?: number;
  /** The model's whole window. Default 192,000. */
  contextWindow?: number;
  /** Tokens kept free for the answer, normally the request's `max_tokens`. Default 8,192. */
  reserveOutputTokens?: number;
  /** Slack for tokenizer differences. Default 2% of the window. */
  safetyMarginTokens?: number;
}

/** Prompt tokens a request may use: window - reserved output - safety margin, or the explicit limit. */
export function resolveBudget(options: BudgetOptions): number {
  if (options.maxPromptTokens !== undefined) return options.maxPromptTokens;
  const window = options.contextWindow ?? 192_000;
  const reserve = options.reserveOutputTokens ?? 8_192;
  const margin = options.safetyMarginTokens ?? Math.ceil(window * 0.02);
  return Math.max(0, window - reserve - margin);
}
