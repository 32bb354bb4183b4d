import { BoundedTextCache } from '../util/bounded-text-cache.js';
import { runSteps } from '../util/run-steps.js';

/**
 * BPE (gpt-tokenizer's included) is quadratic in the length of one pre-token: 100,000 letters `a` take 10 s.
 * So a text is cut into pieces that are tokenised one by one, and no pre-token can span more than
 * `MAX_STRETCH` characters:
 * - Most cuts fall where the o200k and cl100k split patterns always start a new pre-token, so they change
 *   nothing: a space between two non-space characters, the start of a line, a digit run's edges, a letter
 *   followed by ASCII punctuation. Tokenising the pieces separately gives exactly the count of the whole.
 * - Where no such place occurs for `MAX_STRETCH` characters (a run of one letter, a line of dashes, a long
 *   whitespace run), the piece is cut anyway. Such a forced cut can move token boundaries on both sides; the
 *   counter adds two tokens per forced cut so that the count stays an upper bound (see `countSteps`).
 */
export const MAX_STRETCH = 64;
/** Pieces end at the first exact cut past this length, so work can be sliced and a text read from either end. */
export const PIECE_TARGET = 2_048;

export interface Pieces {
  /** End offsets of the pieces, in order; the last is the text's length. */
  ends: number[];
  /** How many cuts were forced (not at a pre-token boundary). */
  forced: number;
}

/** The pieces of `text`, in one linear pass over its character codes. */
export function bpePieces(text: string): Pieces {
  return runSteps(scanPieces(text));
}

// A scan of 5 MB takes tens of milliseconds: it yields every so many characters so callers can slice it.
const SCAN_SLICE = 65_536;

// Pieces of long texts, by text: counting a text and each cut of it at another limit (the message cap, then
// harder cuts of the newest turn) scan it again, and a scan of 20 MB costs 60 to 100 ms. A text's pieces
// take one number per 2 KB of it, so 4 Mi numbers cover 8 GB of text; 256 texts at most.
const MEMO_FROM_CHARS = 65_536;
const scanned = new BoundedTextCache<Pieces>(256, 4 * 1024 * 1024);

/** `bpePieces` as steps, yielding every `SCAN_SLICE` characters; long texts are scanned once. */
export function* scanPieces(text: string): Generator<void, Pieces, void> {
  if (text.length < MEMO_FROM_CHARS) return yield* scanText(text);
  const known = scanned.get(text);
  if (known !== undefined) return known;
  const pieces = yield* scanText(text);
  scanned.set(text, pieces, pieces.ends.length);
  return pieces;
}

function* scanText(text: string): Generator<void, Pieces, void> {
  const ends: number[] = [];
  let forced = 0;
  let start = 0;
  let lastExact = 0;
  const length = text.length;
  let prev = text.charCodeAt(0);
  for (let i = 1; i < length; i += 1) {
    if (i % SCAN_SLICE === 0) yield;
    const cur = text.charCodeAt(i);
    // Runs of one character (the adversarial case) skip the boundary test: they have no boundary inside.
    if (cur !== prev && isExactCut(prev, cur, i + 1 < length ? text.charCodeAt(i + 1) : -1)) {
      lastExact = i;
      if (i - start >= PIECE_TARGET) {
        ends.push(i);
        start = i;
      }
    } else if (i - lastExact >= MAX_STRETCH && i - start >= MAX_STRETCH && !isLowSurrogate(cur)) {
      ends.push(i);
      start = i;
      lastExact = i;
      forced += 1;
    }
    prev = cur;
  }
  ends.push(length);
  return { ends, forced };
}

/** True when both split patterns always start a pre-token at `cur`, whatever else surrounds it. */
function isExactCut(prev: number, cur: number, next: number): boolean {
  if (cur === SPACE) return !isSpace(prev) && next !== -1 && !isSpace(next);
  if (prev === NEWLINE) return !isSpace(cur) && cur !== SLASH;
  // A digit run's edges (ASCII on both sides: other scripts have digits of their own that group with it).
  if (isDigit(prev) !== isDigit(cur)) return prev > SPACE && prev < 0x7f && cur > SPACE && cur < 0x7f;
  // Letters end before punctuation, except an apostrophe that may start a contraction (`don't`).
  return isAsciiLetter(prev) && isAsciiPunctuation(cur) && cur !== APOSTROPHE;
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const SLASH = 0x2f;
const APOSTROPHE = 0x27;

function isSpace(code: number): boolean {
  return (
    code === SPACE ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x85 ||
    code === 0xa0 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x3000 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x1680 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0xfeff
  );
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isAsciiPunctuation(code: number): boolean {
  return code > SPACE && code < 0x7f && !isDigit(code) && !isAsciiLetter(code);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
