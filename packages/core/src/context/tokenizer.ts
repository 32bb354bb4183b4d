import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { BoundedCache } from './bounded-cache.js';

export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoder {
  encode(text: string): number[];
  decode(tokens: number[]): string;
  countTokens(text: string): number;
}

// o200k_base (every current OpenAI model) is loaded once, with the module. cl100k_base, for GPT-4-era
// models only, costs another ~19 MB and ~115 ms at start-up, so it is loaded on first need.
const encoders: Partial<Record<EncodingName, Encoder>> = { o200k_base: o200k };
const loading: Partial<Record<EncodingName, Promise<void>>> = {};

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
  const encoder = encoders[encoding];
  if (encoder === undefined) {
    throw new TypeError(`The ${encoding} tokenizer is not loaded yet: \`await loadEncoding('${encoding}')\` once before counting with it (the relay handler does this itself).`);
  }
  return encoder;
}

/**
 * Loads a tokenizer that is not loaded with the module (cl100k_base). Resolves at once when it is there.
 *
 * @example await loadEncoding('cl100k_base'); estimateTokens(messages, { model: 'gpt-4' });
 */
export function loadEncoding(encoding: EncodingName): Promise<void> {
  if (encoders[encoding] !== undefined) return Promise.resolve();
  loading[encoding] ??= import('gpt-tokenizer/encoding/cl100k_base').then((module) => {
    encoders[encoding] = module;
  });
  return loading[encoding] as Promise<void>;
}

export function isEncodingLoaded(encoding: EncodingName): boolean {
  return encoders[encoding] !== undefined;
}

/** Token count of a plain string, memoised for long strings. */
export function countText(text: string, encoding: EncodingName, useCache = true): number {
  if (text.length === 0) return 0;
  // Short strings are cached too: a lookup costs a tenth of BPE even for a role name or tool arguments.
  if (!useCache) return encoderFor(encoding).countTokens(text);
  const cache = countCaches[encoding];
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const count = encoderFor(encoding).countTokens(text);
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
