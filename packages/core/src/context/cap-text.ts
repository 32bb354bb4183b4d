import { BoundedCache } from './bounded-cache.js';
import { formatCount } from './format-count.js';
import { bpePieces } from './bpe-pieces.js';
import { activeDeferral } from './deferred-work.js';
import { countText, encodePlain, encoderFor, rememberCount, type EncodingName } from './tokenizer.js';

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
const capCache = new BoundedCache<string, Map<string, CappedText>>(2_000, 16 * 1024 * 1024);

/**
 * Cuts `text` to at most `maxTokens` tokens, keeping its head and tail around a visible notice.
 * Deterministic, and never splits a character. Its work grows with what it keeps, not with the text:
 * head and tail are tokenised piece by piece from either end.
 */
export function capText(text: string, maxTokens: number, encoding: EncodingName): CappedText {
  const tokens = countText(text, encoding);
  if (tokens <= maxTokens) return { text, tokens, omitted: 0 };
  const key = `${encoding}:${maxTokens}:`;
  const cached = lookup(key, text);
  if (cached !== undefined) return cached;
  const deferral = activeDeferral();
  if (deferral !== undefined) {
    if (deferral.shouldDeferCap()) deferral.deferCap({ text, maxTokens, encoding });
    return { text: notice(tokens), tokens: Math.min(tokens, Math.max(0, maxTokens)), omitted: tokens };
  }
  const result = cut(text, tokens, Math.max(0, maxTokens), encoding);
  store(key, text, result);
  return result;
}

function cut(text: string, total: number, maxTokens: number, encoding: EncodingName): CappedText {
  const encoder = encoderFor(encoding);
  let keep = Math.max(0, maxTokens - noticeTokens(total, encoding));
  const ends = takeEnds(text, Math.floor(keep * HEAD_SHARE), keep - Math.floor(keep * HEAD_SHARE), encoding);
  // The count can be an upper bound (see EXACT_TOKEN_LIMIT); when both ends met, the text was measured whole.
  if (ends.whole !== undefined && ends.whole <= maxTokens) {
    rememberCount(text, encoding, ends.whole);
    return { text, tokens: ends.whole, omitted: 0 };
  }
  // Re-tokenising the joined pieces can differ by a few tokens at the seams; shrink until it fits.
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const headCount = Math.floor(keep * HEAD_SHARE);
    const tailCount = keep - headCount;
    const head = trimEnd(encoder.decode(ends.head.slice(0, headCount)));
    const tail = tailCount > 0 ? trimStart(encoder.decode(ends.tail.slice(ends.tail.length - tailCount))) : '';
    const omitted = Math.max(0, total - headCount - tailCount);
    const joined = `${head}${notice(omitted)}${tail}`;
    const tokens = countText(joined, encoding, false);
    if (tokens <= maxTokens || keep === 0) {
      rememberCount(joined, encoding, tokens);
      return { text: joined, tokens, omitted };
    }
    // Proportional: forced cuts can make the joined text count well above its kept tokens.
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * maxTokens) / tokens) - 2));
  }
  const fallback = notice(total);
  return { text: fallback, tokens: countText(fallback, encoding, false), omitted: total };
}

/**
 * The first `headCount` and last `tailCount` token ids, read piece by piece from each end. When the two
 * ends meet, every piece has been read and `whole` is the text's exact count.
 */
function takeEnds(text: string, headCount: number, tailCount: number, encoding: EncodingName): { head: number[]; tail: number[]; whole?: number } {
  const { ends } = bpePieces(text);
  const pieceAt = (p: number): number[] => encodePlain(text.slice(p === 0 ? 0 : ends[p - 1], ends[p]), encoding);
  const head: number[] = [];
  let first = 0;
  while (head.length < headCount && first < ends.length) {
    for (const id of pieceAt(first)) head.push(id);
    first += 1;
  }
  const tailPieces: number[][] = [];
  let tailLength = 0;
  let last = ends.length - 1;
  while (tailLength < tailCount && last >= first) {
    const ids = pieceAt(last);
    tailPieces.push(ids);
    tailLength += ids.length;
    last -= 1;
  }
  const tail = tailPieces.reverse().flat();
  if (last >= first) return { head, tail };
  // Both ends met: the text is fully tokenised; split it between head and tail as asked.
  const all = [...head, ...tail];
  return { head: all, tail: all, whole: all.length };
}

/** The notice the model sees where text was cut. */
export function notice(omitted: number): string {
  return `\n[... ${formatCount(omitted)} tokens omitted by llm-relay ...]\n`;
}

function noticeTokens(total: number, encoding: EncodingName): number {
  return countText(notice(total), encoding, false);
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
