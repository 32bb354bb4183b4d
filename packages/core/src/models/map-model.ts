import { isGlob, matchesGlob } from './glob.js';

export interface ModelMapConfig {
  /** Where a name that matches no alias goes. Without it, unmatched names pass through. */
  defaultModel?: string;
  /** Client model name (exact, or a glob such as `gpt-4*`) to upstream model. Exact names win; globs are tried in order. */
  aliases?: Record<string, string>;
  /** Send names that match no alias unchanged instead of to `defaultModel`. */
  passthrough?: boolean;
}

/**
 * Maps the model a client asks for to the one the upstream serves.
 *
 * @example mapModel('gpt-4o', { defaultModel: 'MiniMaxAI/MiniMax-M2.5', aliases: { 'gpt-4*': 'meta-llama/Llama-3.3-70B' } })
 * // 'meta-llama/Llama-3.3-70B'
 */
export function mapModel(requested: string | undefined, config: ModelMapConfig): string | undefined {
  const aliases = config.aliases ?? {};
  if (requested !== undefined) {
    const exact = aliases[requested];
    if (exact !== undefined && !isGlob(requested)) return exact;
    for (const [pattern, target] of Object.entries(aliases)) {
      if (isGlob(pattern) && matchesGlob(pattern, requested)) return target;
    }
    if (config.passthrough === true) return requested;
  }
  return config.defaultModel ?? requested;
}

/** The names a client can ask for: the default model and every exact alias. */
export function listedModels(config: ModelMapConfig): string[] {
  const names = new Set<string>();
  if (config.defaultModel !== undefined) names.add(config.defaultModel);
  for (const alias of Object.keys(config.aliases ?? {})) if (!isGlob(alias)) names.add(alias);
  return [...names];
}
