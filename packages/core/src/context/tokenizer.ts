import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { BoundedCache } from './bounded-cache.js';

export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoder {
  encode(text: string): number[];
  decode(tokens: number[]): string;
  countTokens(text: string): number;
}

// Both tables are loaded once, with the module; nothing is built per request.
const encoders: Record<EncodingName, Encoder> = { o200k_base: o200k, cl100k_base: cl100k };

/**
 * Memoised counts per content string, one cache per encoding in use. Each is bounded to 50,000 strings
 * and 32 Mi characters of keys (32-64 MiB at worst, since V8 stores a string in 1 or 2 bytes a character):
 * the histories of about 40 concurrent 200k-token sessions, so a repeated request costs lookups, not BPE.
 */
const countCaches: Record<EncodingName, BoundedCache<string, number>> = {
  o200k_base: new BoundedCache(50_000, 32 * 1024 * 1024),
  cl100k_base: new BoundedCache(50_000, 32 * 1024 * 1024),
};

export function encoderFor(encoding: EncodingName): Encoder {
  return encoders[encoding];
}

/** Token count of a plain string, memoised for long strings. */
export function countText(text: string, encoding: EncodingName, useCache = true): number {
  if (text.length === 0) return 0;
  // Short strings are cached too: a lookup costs a tenth of BPE even for a role name or tool arguments.
  if (!useCache) return encoders[encoding].countTokens(text);
  const cache = countCaches[encoding];
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const count = encoders[encoding].countTokens(text);
  cache.set(text, count, text.length);
  return count;
}

/** For tests and benchmarks that need a cold start. */
export function clearTokenCaches(): void {
  for (const cache of Object.values(countCaches)) cache.clear();
}

/** The encoding OpenAI uses for a model: cl100k_base for GPT-4 / GPT-3.5 era models, o200k_base for the rest. */
export function encodingForModel(model: string | undefined): EncodingName {
  if (model === undefined) return 'o200k_base';
  const name = model.toLowerCase().replace(/^.*\//, '');
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o\d)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(name)) return 'cl100k_base';
  return 'o200k_base';
}
