import { matchesGlob } from '../models/glob.js';
import { BoundedCache } from '../util/bounded-cache.js';

export interface ModelLimits {
  /** Prompt + completion tokens the model accepts. */
  contextWindow: number;
  /** Most completion tokens it will produce. */
  maxOutputTokens: number;
}

// Matched against the lower-cased name without its `org/` prefix, first match wins, so specific before general.
const BUILT_IN: readonly [RegExp, ModelLimits][] = [
  [/^gpt-4\.1/, { contextWindow: 1_047_576, maxOutputTokens: 32_768 }],
  [/^gpt-5/, { contextWindow: 400_000, maxOutputTokens: 128_000 }],
  [/^gpt-4o/, { contextWindow: 128_000, maxOutputTokens: 16_384 }],
  [/^gpt-4-turbo|^gpt-4-\d{4}-preview/, { contextWindow: 128_000, maxOutputTokens: 4_096 }],
  [/^gpt-4-32k/, { contextWindow: 32_768, maxOutputTokens: 4_096 }],
  [/^gpt-4(-\d{4})?$/, { contextWindow: 8_192, maxOutputTokens: 4_096 }],
  [/^gpt-3\.5-turbo/, { contextWindow: 16_385, maxOutputTokens: 4_096 }],
  [/^o[134](-|$)/, { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  [/^minimax-m2/, { contextWindow: 196_608, maxOutputTokens: 8_192 }],
  [/^minimax-m1/, { contextWindow: 1_000_000, maxOutputTokens: 40_000 }],
  [/llama-4/, { contextWindow: 1_048_576, maxOutputTokens: 8_192 }],
  [/llama-3\.[123]/, { contextWindow: 131_072, maxOutputTokens: 8_192 }],
  [/llama-3/, { contextWindow: 8_192, maxOutputTokens: 4_096 }],
  [/^qwen3-coder/, { contextWindow: 262_144, maxOutputTokens: 65_536 }],
  [/^qwen3/, { contextWindow: 131_072, maxOutputTokens: 32_768 }],
  [/^qwen2\.5/, { contextWindow: 32_768, maxOutputTokens: 8_192 }],
  [/^deepseek-(r1|reasoner)/, { contextWindow: 163_840, maxOutputTokens: 32_768 }],
  [/^deepseek/, { contextWindow: 131_072, maxOutputTokens: 8_192 }],
  [/^kimi-k2|^moonshot/, { contextWindow: 262_144, maxOutputTokens: 16_384 }],
  [/^glm-4\.6/, { contextWindow: 204_800, maxOutputTokens: 131_072 }],
  [/^glm-4/, { contextWindow: 131_072, maxOutputTokens: 98_304 }],
  // Claude Code asks for up to 128,000 output tokens on the current models; the relay holds max_tokens to these.
  [/^claude-(opus|sonnet|haiku|fable)-5/, { contextWindow: 200_000, maxOutputTokens: 128_000 }],
  [/^claude-(opus|sonnet|haiku)-4-5|^claude-(sonnet|haiku)-4\.5/, { contextWindow: 200_000, maxOutputTokens: 64_000 }],
  [/^claude-(opus|sonnet)-4|^claude-(3-7|4)/, { contextWindow: 200_000, maxOutputTokens: 32_000 }],
  [/^claude/, { contextWindow: 200_000, maxOutputTokens: 8_192 }],
];

/** The Go relay's budget (180k of a 192k window) comes out of this default with an 8k output reserve. */
export const DEFAULT_LIMITS: ModelLimits = { contextWindow: 192_000, maxOutputTokens: 8_192 };

/**
 * Context window and output limit of a model: an override (exact name or glob) first, then the built-in
 * table, then the fallback.
 *
 * @example modelLimits('MiniMaxAI/MiniMax-M2.5') // { contextWindow: 196608, maxOutputTokens: 8192 }
 */
export function modelLimits(model: string | undefined, overrides: Record<string, Partial<ModelLimits>> = {}, fallback: ModelLimits = DEFAULT_LIMITS): ModelLimits {
  if (model === undefined) return fallback;
  for (const [pattern, limits] of Object.entries(overrides)) {
    if (!matchesGlob(pattern, model)) continue;
    // Only the limits the override sets: an explicit undefined (a config with a window and no output limit)
    // would otherwise replace the built-in number and leave the output reserve NaN, so nothing was ever cut.
    const merged = { ...(builtIn(model) ?? fallback) };
    if (typeof limits.contextWindow === 'number') merged.contextWindow = limits.contextWindow;
    if (typeof limits.maxOutputTokens === 'number') merged.maxOutputTokens = limits.maxOutputTokens;
    return merged;
  }
  return builtIn(model) ?? fallback;
}

// A relay sees a handful of model names, each on every request: the table's regexes run once per name.
const known = new BoundedCache<string, ModelLimits | null>(256, 256 * 256);

function builtIn(model: string): ModelLimits | undefined {
  const cached = known.get(model);
  if (cached !== undefined) return cached ?? undefined;
  const name = model.toLowerCase().replace(/^.*\//, '');
  const found = BUILT_IN.find(([pattern]) => pattern.test(name))?.[1];
  known.set(model, found ?? null, model.length);
  return found;
}
