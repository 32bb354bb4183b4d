export interface ContextOverflow {
  /** The window the provider says it has, when the text says so. */
  limit?: number;
  /** The prompt size the provider counted, when the text says so. */
  actual?: number;
  /** The prompt and the answer's room together, when the provider refused their sum (older Anthropic models). */
  requested?: number;
}

// The wordings of OpenAI, vLLM, Together, DeepSeek, Anthropic-compatible and llama.cpp servers.
const PATTERNS: { regex: RegExp; limit: number; actual: number; output?: number }[] = [
  { regex: /maximum context length is (\d+) tokens.*?(?:resulted in|requested|you requested) (\d+) tokens/is, limit: 1, actual: 2 },
  { regex: /prompt is too long: (\d+) tokens > (\d+) maximum/i, limit: 2, actual: 1 },
  // Older Anthropic models count the answer too: "input length and `max_tokens` exceed context limit: P + T > W".
  { regex: /exceed context limit: (\d+) \+ (\d+) > (\d+)/i, limit: 3, actual: 1, output: 2 },
  { regex: /input (?:length|tokens?) (?:of )?(\d+) exceeds? (?:the )?(?:maximum|max|limit)[^\d]*(\d+)/i, limit: 2, actual: 1 },
  { regex: /requested (\d+) tokens.*?exceeds? the available context size(?: of)? (\d+)/is, limit: 2, actual: 1 },
  // This relay's own (errors/context-length-error.ts), from another llm-relay in front of the provider.
  { regex: /needs at least ([\d,]+) prompt tokens.*?budget is ([\d,]+) tokens/s, limit: 2, actual: 1 },
  // Starts only where a number starts: tried inside every run of digits, a long one took quadratic time.
  { regex: /(?<!\d)(\d+) tokens? (?:is|are) (?:greater|more) than (?:the )?(?:maximum|max)[^\d]*(\d+)/i, limit: 2, actual: 1 },
];

// The wordings are a sentence or two. Their lazy and open-ended parts rescan the rest of the text at each
// place a pattern starts, so a huge error (an HTML page, an echoed prompt) is read no further than this.
const MAX_TEXT = 8_192;

const OVERFLOW_HINT = /context[_ ]length|context window|too long|maximum context|context size/i;

/**
 * Recognises a provider's "context too long" answer and reads the numbers from it.
 * Returns undefined when the error is about something else.
 *
 * @example parseContextOverflow("This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")
 * // { limit: 8192, actual: 9000 }
 */
export function parseContextOverflow(status: number, body: string): ContextOverflow | undefined {
  if (status !== 400 && status !== 413 && status !== 422) return undefined;
  const text = errorText(body).slice(0, MAX_TEXT);
  for (const { regex, limit, actual, output } of PATTERNS) {
    const match = regex.exec(text);
    if (match === null) continue;
    const counts: ContextOverflow = { limit: count(match[limit]), actual: count(match[actual]) };
    if (output !== undefined) counts.requested = (counts.actual as number) + count(match[output]);
    return counts;
  }
  return OVERFLOW_HINT.test(text) ? {} : undefined;
}

function count(digits: string | undefined): number {
  return Number(digits?.replace(/,/g, ''));
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    const message = parsed.error?.message ?? parsed.message;
    const code = parsed.error?.code;
    return `${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : body}`;
  } catch {
    return body;
  }
}
