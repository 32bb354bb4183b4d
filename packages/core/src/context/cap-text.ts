import { BoundedTextCache } from '../util/bounded-text-cache.js';
import { omissionNotice, omittedWithin } from '../util/omission-notice.js';
import { runSteps } from '../util/run-steps.js';
import { scanPieces } from './bpe-pieces.js';
import { activeDeferral } from './deferred-work.js';
import { cachedCount, countSteps, countText, type EncodingName, encodePlain, encoderFor, rememberCount } from './tokenizer.js';

// The end of a log or a test run is usually what matters, so the tail keeps the larger share.
const HEAD_SHARE = 0.4;
const REPLACEMENT = '\uFFFD';

export interface CappedText {
  text: string;
  tokens: number;
  omitted: number;
}

// Results are memoised per limit: a capped message is rebuilt on every request of a session,
// and it must come out byte-identical anyway. Bounded to 2,000 texts and 16 Mi characters (16-32 MiB).
const capCache = new BoundedTextCache<Map<string, CappedText>>(2_000, 16 * 1024 * 1024);

/**
 * Cuts `text` to at most `maxTokens` tokens, keeping its head and tail around a visible notice.
 * Deterministic, and never splits a character. Its work grows with what it keeps, not with the text:
 * head and tail are tokenised piece by piece from either end.
 */
export function capText(text: string, maxTokens: number, encoding: EncodingName): CappedText {
  const deferral = activeDeferral();
  if (deferral === undefined) return runSteps(capTextSteps(text, maxTokens, encoding));
  const known = knownCap(text, maxTokens, encoding);
  if (known.result !== undefined) return known.result;
  const done = deferral.done.cap(text, maxTokens, encoding);
  if (done !== undefined) return done;
  if (deferral.shouldDeferCap()) deferral.deferCap({ text, maxTokens, encoding });
  return { text: omissionNotice(known.tokens), tokens: Math.min(known.tokens, Math.max(0, maxTokens)), omitted: known.tokens };
}

/**
 * `capText` as steps that yield between pieces of work, for the cooperative preparation; memoised alike.
 * `tokens` is the text's count when the caller has it: a text too long for the count cache would otherwise be
 * counted again here (in steps, but for nothing).
 */
export function* capTextSteps(text: string, maxTokens: number, encoding: EncodingName, tokens?: number): Generator<void, CappedText, void> {
  let total = tokens ?? cachedCount(text, encoding);
  if (total === undefined) {
    total = yield* countSteps(text, encoding);
    rememberCount(text, encoding, total);
  }
  const known = knownCapOf(text, total, maxTokens, encoding);
  if (known.result !== undefined) return known.result;
  const result = yield* cutSteps(text, known.tokens, Math.max(0, maxTokens), encoding);
  store(`${encoding}:${maxTokens}:`, text, result);
  return result;
}

/** The answer when no cutting is needed: the text fits, or this cut was made before. */
function knownCap(text: string, maxTokens: number, encoding: EncodingName): { tokens: number; result?: CappedText } {
  return knownCapOf(text, countText(text, encoding), maxTokens, encoding);
}

function knownCapOf(text: string, tokens: number, maxTokens: number, encoding: EncodingName): { tokens: number; result?: CappedText } {
  if (tokens <= maxTokens) return { tokens, result: { text, tokens, omitted: 0 } };
  return { tokens, result: lookup(`${encoding}:${maxTokens}:`, text) };
}

function* cutSteps(text: string, total: number, maxTokens: number, encoding: EncodingName): Generator<void, CappedText, void> {
  let keep = Math.max(0, maxTokens - noticeTokens(total, encoding));
  const ends = yield* takeEnds(text, Math.floor(keep * HEAD_SHARE), keep - Math.floor(keep * HEAD_SHARE), encoding);
  // The count can be an upper bound (see EXACT_TOKEN_LIMIT); when both ends met, the text was measured whole.
  if (ends.whole !== undefined && ends.whole <= maxTokens) {
    rememberCount(text, encoding, ends.whole);
    return { text, tokens: ends.whole, omitted: 0 };
  }
  // Re-tokenising the joined pieces can differ by a few tokens at the seams; shrink until it fits.
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const headCount = Math.floor(keep * HEAD_SHARE);
    const tailCount = keep - headCount;
    const head = headText(text, ends.head, headCount, encoding);
    const tail = tailText(text, ends.tail, tailCount, encoding);
    // A text cut on arrival holds a notice of what was cut then: dropping it counts that too.
    const omitted = Math.max(0, total - headCount - tailCount) + omittedWithin(text, head.length, text.length - tail.length);
    const joined = `${head}${omissionNotice(omitted)}${tail}`;
    const tokens = yield* countSteps(joined, encoding);
    if (tokens <= maxTokens || keep === 0) {
      rememberCount(joined, encoding, tokens);
      return { text: joined, tokens, omitted };
    }
    // Proportional: forced cuts can make the joined text count well above its kept tokens.
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * maxTokens) / tokens) - 2));
  }
  const fallback = omissionNotice(total);
  return { text: fallback, tokens: countText(fallback, encoding, false), omitted: total };
}

/** A piece of the text (see `bpePieces`) with its token ids. */
interface EncodedPiece {
  start: number;
  end: number;
  ids: number[];
}

/**
 * The pieces holding the first `headCount` and the last `tailCount` tokens, read from each end. When the
 * two ends meet, every piece has been read and `whole` is the text's exact count.
 */
function* takeEnds(text: string, headCount: number, tailCount: number, encoding: EncodingName): Generator<void, { head: EncodedPiece[]; tail: EncodedPiece[]; whole?: number }, void> {
  const { ends, forced } = yield* scanPieces(text);
  const pieceAt = (p: number): EncodedPiece => {
    const start = p === 0 ? 0 : (ends[p - 1] as number);
    const end = ends[p] as number;
    return { start, end, ids: encodePlain(text.slice(start, end), encoding) };
  };
  const head: EncodedPiece[] = [];
  let headLength = 0;
  let first = 0;
  while (headLength < headCount && first < ends.length) {
    const piece = pieceAt(first);
    head.push(piece);
    headLength += piece.ids.length;
    first += 1;
    yield;
  }
  const tail: EncodedPiece[] = [];
  let tailLength = 0;
  let last = ends.length - 1;
  while (tailLength < tailCount && last >= first) {
    const piece = pieceAt(last);
    tail.unshift(piece);
    tailLength += piece.ids.length;
    last -= 1;
    yield;
  }
  if (last >= first) return { head, tail };
  // Both ends met: the text is fully tokenised; head and tail may each draw on all of it. Its count is
  // reckoned as `countSteps` reckons it (two tokens per forced cut), so for a text under the exact limit
  // nothing changes, and a count never depends on what was cut before.
  const all = [...head, ...tail];
  return { head: all, tail: all, whole: headLength + tailLength + 2 * forced };
}

// Pieces start and end between characters, so whole pieces are plain slices of the text; only the one
// piece cut inside is decoded, and a character split by its token boundary is dropped.
function headText(text: string, pieces: EncodedPiece[], count: number, encoding: EncodingName): string {
  let used = 0;
  for (const piece of pieces) {
    if (used + piece.ids.length > count) return text.slice(0, piece.start) + trimEnd(encoderFor(encoding).decode(piece.ids.slice(0, count - used)));
    used += piece.ids.length;
  }
  return text.slice(0, pieces.at(-1)?.end ?? 0);
}

function tailText(text: string, pieces: EncodedPiece[], count: number, encoding: EncodingName): string {
  if (count <= 0) return '';
  let used = 0;
  for (let p = pieces.length - 1; p >= 0; p -= 1) {
    const piece = pieces[p] as EncodedPiece;
    if (used + piece.ids.length > count) return trimStart(encoderFor(encoding).decode(piece.ids.slice(piece.ids.length - (count - used)))) + text.slice(piece.end);
    used += piece.ids.length;
  }
  return text.slice(pieces[0]?.start ?? text.length);
}

function noticeTokens(total: number, encoding: EncodingName): number {
  return countText(omissionNotice(total), encoding, false);
}

// A token boundary can fall inside a multi-byte character; the decoder then yields U+FFFD, which we drop.
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === REPLACEMENT) end -= 1;
  return text.slice(0, end);
}

function trimStart(text: string): string {
  let start = 0;
  while (start < text.length && text[start] === REPLACEMENT) start += 1;
  return text.slice(start);
}

function lookup(key: string, text: string): CappedText | undefined {
  return capCache.get(text)?.get(key);
}

function store(key: string, text: string, result: CappedText): void {
  let byLimit = capCache.get(text);
  if (byLimit === undefined) byLimit = new Map();
  // A text is rarely cut at more than one or two limits; cap the set so the weight below stays true.
  if (byLimit.size >= 4) byLimit.clear();
  byLimit.set(key, result);
  let weight = text.length;
  for (const value of byLimit.values()) weight += value.text.length;
  capCache.set(text, byLimit, weight);
}
