import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { runSteps } from '../util/run-steps.js';
import { MAX_STRETCH, scanPieces } from './bpe-pieces.js';
import { CountCache } from './count-cache.js';
import { activeDeferral, roughCount } from './deferred-work.js';

export type EncodingName = 'o200k_base' | 'cl100k_base';

interface Encoder {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(tokens: number[]): string;
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

// Special-token text such as `<|endoftext|>` in a message is plain text to us, not an error.
const PLAIN = { disallowedSpecial: new Set<string>() };

// o200k_base (every current OpenAI model) is loaded once, with the module. cl100k_base, for GPT-4-era
// models only, costs another ~19 MB and ~115 ms at start-up, so it is loaded on first need.
const encoders: Partial<Record<EncodingName, Encoder>> = { o200k_base: o200k };
const counters: Partial<Record<EncodingName, (text: string) => number>> = { o200k_base: plainCounter(o200k) };
const loading: Partial<Record<EncodingName, Promise<void>>> = {};

/** What gpt-tokenizer's encoder keeps inside (`bytePairEncodingCoreProcessor`), as far as counting needs it. */
interface BpeCore {
  tokenSplitRegex: RegExp;
  getBpeRankFromString(piece: string): number | undefined;
  bytePairEncode(piece: string): number[];
}

/**
 * A counter giving what `countTokens(text, { disallowedSpecial: new Set() })` gives, with less garbage:
 * gpt-tokenizer walks its split pattern with `matchAll` and destructures each match, which allocates a match
 * array and two iterator objects per pre-token; on 50,000 short messages that garbage was most of the
 * request's collection time. Here the same pieces are found with a sticky `test` (no allocation) and ranked
 * by the same core: 2.2 times as fast on short messages, equal counts checked by a property test. Falls back
 * to `countTokens` if a release of gpt-tokenizer keeps its core otherwise.
 */
function plainCounter(module: Encoder): (text: string) => number {
  const core = (module as { default?: { bytePairEncodingCoreProcessor?: Partial<BpeCore> } }).default?.bytePairEncodingCoreProcessor;
  if (!(core?.tokenSplitRegex instanceof RegExp) || typeof core.getBpeRankFromString !== 'function' || typeof core.bytePairEncode !== 'function') {
    return (text) => module.countTokens(text, PLAIN);
  }
  const { getBpeRankFromString, bytePairEncode } = core as BpeCore;
  const split = new RegExp(core.tokenSplitRegex.source, `${core.tokenSplitRegex.flags.replace('g', '')}y`);
  return (text) => {
    let count = 0;
    let at = 0;
    while (at < text.length) {
      split.lastIndex = at;
      // Every character starts a match of these patterns; were one not to, matchAll would skip it too.
      if (!split.test(text) || split.lastIndex === at) {
        at += 1;
        continue;
      }
      const end = split.lastIndex;
      const piece = text.slice(at, end);
      count += getBpeRankFromString.call(core, piece) !== undefined ? 1 : bytePairEncode.call(core, piece).length;
      at = end;
    }
    return count;
  };
}

/**
 * Memoised counts per content string, one cache per encoding in use. Each is bounded to 200,000 strings
 * and 32 Mi characters of keys (32-64 MiB at worst, since V8 stores a string in 1 or 2 bytes a character):
 * the histories of about 40 concurrent 200k-token sessions, so a repeated request costs lookups, not BPE.
 */
const countCaches: Record<EncodingName, CountCache> = {
  o200k_base: new CountCache(200_000, 32 * 1024 * 1024),
  cl100k_base: new CountCache(200_000, 32 * 1024 * 1024),
};

export function encoderFor(encoding: EncodingName): Encoder {
  return encoders[encoding] ?? notLoaded(encoding);
}

function notLoaded(encoding: EncodingName): never {
  throw new TypeError(`The ${encoding} tokenizer is not loaded yet: \`await loadEncoding('${encoding}')\` once before counting with it (the relay handler does this itself).`);
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
    counters[encoding] = plainCounter(module);
  });
  return loading[encoding] as Promise<void>;
}

export function isEncodingLoaded(encoding: EncodingName): boolean {
  return encoders[encoding] !== undefined;
}

/**
 * Beyond this many tokens counted exactly in one string, the rest of it counts one token per UTF-8 byte
 * (no token is shorter than a byte, so this never under-counts). No budget decision needs more: a string
 * this long fills most of a 192k window by itself, and a string the hard cap keeps is measured
 * exactly as it is cut. It bounds the BPE work one string can cost, whatever it holds.
 */
export const EXACT_TOKEN_LIMIT = 131_072;

/**
 * Counts a string piece by piece (see `bpePieces`), yielding after each piece so that an async caller can
 * slice the work. Linear in the text. Exact when no cut was forced; otherwise never under the exact count
 * and over it by at most nine tokens per forced cut (checked by a property test).
 */
export function* countSteps(text: string, encoding: EncodingName): Generator<void, number, void> {
  const count = counters[encoding] ?? notLoaded(encoding);
  if (text.length <= MAX_STRETCH) return count(text);
  const { ends, forced } = yield* scanPieces(text);
  // Two tokens per forced cut: a cut can let both sides merge better than the whole did (64 dots then ".a": 3 against 4).
  let total = 2 * forced;
  let start = 0;
  for (const end of ends) {
    if (total >= EXACT_TOKEN_LIMIT) return total + (yield* utf8Bytes(text, start));
    total += count(text.slice(start, end));
    start = end;
    yield;
  }
  return total;
}

/** Token ids of one piece (see `bpePieces`), special-token text read as plain text. */
export function encodePlain(piece: string, encoding: EncodingName): number[] {
  return encoderFor(encoding).encode(piece, PLAIN);
}

/**
 * Strings up to this long are counted where they are met, even in a cooperative preparation's runs: their BPE
 * is about a microsecond, less than deferring them costs (four lookups in the preparation's map and a turn
 * through its job), and the engine's loops yield every thousand messages anyway. A longer one is deferred, so a
 * run never counts a long text synchronously. Short enough that no pre-token in it makes BPE slow.
 */
const INLINE_COUNT_CHARS = 64;

/** Token count of a plain string, memoised. Linear in its length, whatever it holds. */
export function countText(text: string, encoding: EncodingName, useCache = true): number {
  if (text.length === 0) return 0;
  // Short strings are cached too: a lookup costs a tenth of BPE even for a role name or tool arguments.
  if (!useCache) return runSteps(countSteps(text, encoding));
  const cache = countCaches[encoding];
  const deferral = text.length > INLINE_COUNT_CHARS ? activeDeferral() : undefined;
  if (deferral !== undefined) {
    // A preparation's own counts first: in its second run every string is there, and one lookup there
    // costs less than the count cache's (which moves a count read from its old generation up).
    const prepared = deferral.done.count(text, encoding);
    if (prepared !== undefined) return prepared >= 0 ? prepared : roughCount(text);
  }
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  if (deferral !== undefined) return deferral.deferCount(text, encoding);
  const count = runSteps(countSteps(text, encoding));
  cache.set(text, count);
  return count;
}

/** Stores a count computed elsewhere (asynchronously, or while cutting a text). */
export function rememberCount(text: string, encoding: EncodingName, count: number): void {
  countCaches[encoding].set(text, count);
}

/** The memoised count of a string, if it is in the cache. */
export function cachedCount(text: string, encoding: EncodingName): number | undefined {
  return text.length === 0 ? 0 : countCaches[encoding].get(text);
}

// Characters measured between two yields: the rest of a 20 MB text is tens of milliseconds of this loop.
const BYTES_SLICE = 262_144;

function* utf8Bytes(text: string, from: number): Generator<void, number, void> {
  let bytes = 0;
  for (let i = from; i < text.length; i += 1) {
    if ((i - from) % BYTES_SLICE === BYTES_SLICE - 1) yield;
    const code = text.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
  }
  return bytes;
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
