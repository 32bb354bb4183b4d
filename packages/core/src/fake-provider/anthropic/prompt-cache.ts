import { BoundedCache } from '../../util/bounded-cache.js';
import { fnv1a } from '../../util/fnv1a.js';
import type { PrefixBlock } from './prefix-blocks.js';

/** The input side of Anthropic's `usage`: the three counts add up to the prompt. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface PromptCacheOptions {
  /** Prefixes shorter than this are never written, silently (Anthropic: 1024-4096 by model). */
  minTokens: number;
  /** Entries kept, least recently used dropped first. Default 1,000. */
  maxEntries?: number;
  /** How many blocks before a breakpoint are checked for an earlier entry. Default 20. */
  lookback?: number;
}

export interface PromptCache {
  /** Reads and writes the cache for one request and says how its prompt tokens were billed. */
  apply(model: string, blocks: readonly PrefixBlock[]): CacheUsage;
  clear(): void;
  readonly size: number;
}

/**
 * Anthropic's prompt cache, simulated so that cache placement can be tested offline. The rules:
 *
 * - The prompt is the block list of `prefixBlocks` (tools -> system -> message blocks). A prefix is known
 *   by the model name, the number of blocks, their total length and an FNV-1a hash of their canonical
 *   JSON (`cache_control` left out): any change in or before a block, or another model, is a new prefix.
 * - Breakpoints are the blocks with `cache_control` (validation has capped them at 4).
 * - READ: for each breakpoint, latest first, the prefixes ending at the breakpoint and at each of the
 *   `lookback` (20) blocks before it are looked up; the longest prefix found anywhere is the hit, its tokens
 *   are `cache_read_input_tokens`, and the hit counts as a use (it becomes the youngest entry).
 * - WRITE: every breakpoint after the hit whose prefix has at least `minTokens` tokens is stored. The tokens
 *   from the hit to the last stored breakpoint are `cache_creation_input_tokens`, billed once even when
 *   several breakpoints are written.
 * - Everything else is `input_tokens`. Entries do not expire (no 5-minute TTL); `clear()` plays one.
 * - Only breakpoints write: a prefix that was never a breakpoint is never found, as upstream.
 *
 * @example
 * const cache = createPromptCache({ minTokens: 1024 });
 * cache.apply('claude', blocks); // { input_tokens: 20, cache_creation_input_tokens: 2000, cache_read_input_tokens: 0 }
 * cache.apply('claude', blocks); // { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 2000 }
 */
export function createPromptCache(options: PromptCacheOptions): PromptCache {
  const maxEntries = options.maxEntries ?? 1_000;
  const lookback = options.lookback ?? 20;
  // Values are the prefix's token count; weight 1 an entry, so the bound is the entry count.
  const store = new BoundedCache<string, number>(maxEntries, maxEntries);

  const apply = (model: string, blocks: readonly PrefixBlock[]): CacheUsage => {
    const keys: string[] = [];
    const cumulative: number[] = [];
    let hash = fnv1a(model);
    let chars = 0;
    let tokens = 0;
    for (const block of blocks) {
      // The separator keeps ["ab","c"] and ["a","bc"] apart.
      hash = fnv1a('\u0000', fnv1a(block.canonical, hash));
      chars += block.canonical.length;
      tokens += block.tokens;
      keys.push(`${keys.length + 1}:${chars}:${hash.toString(36)}`);
      cumulative.push(tokens);
    }
    const breakpoints = blocks.flatMap((block, index) => (block.breakpoint ? [index] : []));

    let hit = -1;
    for (const breakpoint of [...breakpoints].reverse()) {
      for (let index = breakpoint; index >= Math.max(0, breakpoint - lookback) && index > hit; index -= 1) {
        if (store.has(keys[index] as string)) {
          hit = index;
          break;
        }
      }
    }
    if (hit >= 0) store.get(keys[hit] as string);
    const read = hit >= 0 ? (cumulative[hit] as number) : 0;

    let written = read;
    for (const breakpoint of breakpoints) {
      const prefixTokens = cumulative[breakpoint] as number;
      if (breakpoint <= hit || prefixTokens < options.minTokens) continue;
      store.set(keys[breakpoint] as string, prefixTokens);
      written = prefixTokens;
    }
    return { input_tokens: tokens - written, cache_creation_input_tokens: written - read, cache_read_input_tokens: read };
  };

  return {
    apply,
    clear: () => store.clear(),
    get size() {
      return store.size;
    },
  };
}
