import type { ByteRope } from './byte-rope.js';
import { ChunkDecoder } from './chunk-decoder.js';
import { omissionNotice } from './omission-notice.js';

/**
 * A large body's text for the JSON parser, with every over-long text cut on arrival to its head and tail.
 *
 * A 30 MB tool output cannot reach any model whole, and the engine keeps only its head and tail anyway; but
 * holding it as one string costs steps of 100 ms or more (joining the pieces it came in, V8 flattening it on
 * first read), during which the relay answers nothing else. So the string is never made: the body's bytes are
 * scanned as they lie (quotes found natively, escapes counted back), and a text longer than any of the
 * request's routes could keep is replaced, in the text handed to the parser, by its first 40% and last 60% of
 * that keep around the notice the engine writes, which counts the bytes left out (an upper bound of their
 * tokens, as the tokenizer counts past its exact limit). The middle is still checked as JSON: a body the
 * parser would refuse is refused.
 *
 * Only prose is cut: the values of `content`, `text` and `output` (a message, a content part, a tool's result).
 * Images, files, tool-call arguments, signatures and encrypted reasoning are never touched.
 */
export interface BodyScan {
  /** Strings that may be cut, in body order: positions of their opening and closing quotes. */
  readonly long: { open: number; close: number }[];
  /** The first string value under a `model` key: the request's model, almost always (checked after parsing). */
  readonly model: string | undefined;
}

export interface BodyText {
  /** The text in the pieces it was decoded in: never joined, as joining 30 MB is itself one long step. */
  pieces: string[];
  /** How many texts were cut, and the bytes left out of them. */
  cut: { texts: number; bytes: number };
}

/** Below this a string is never cut here: the engine's own cut of it is quick. */
export const LONG_TEXT_BYTES = 65_536;
/** The head's share of what is kept, as the engine's cut keeps it (the tail holds the result of a log). */
const HEAD_SHARE = 0.4;
/** Bytes read between two yields (a native search covers them in well under a millisecond). */
const SCAN_SLICE = 1_048_576;
/**
 * Bytes decoded into one piece of text. Past 128 KB a string lives in V8's large-object space, which a
 * scavenge promotes without copying; the node chunks' 64 KB pieces were young strings that each scavenge
 * copied while they waited to be joined (scavenges of 33-48 ms for a body of 30 MB of texts).
 */
const DECODE_SPAN = 524_288;
const CUTTABLE_KEYS = new Set(['content', 'text', 'output']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const LOWER_U = 0x75;

/** Finds the strings long enough to cut and the model, in one pass over the bytes; linear, in slices. */
export function* scanBodySteps(rope: ByteRope, longBytes = LONG_TEXT_BYTES): Generator<void, BodyScan, void> {
  const long: { open: number; close: number }[] = [];
  let model: string | undefined;
  let open = -1;
  let previousOpen = -1;
  let previousClose = -1;
  let sinceYield = 0;
  for (let k = 0; k < rope.chunks.length; k += 1) {
    const chunk = rope.chunks[k] as Uint8Array;
    const base = rope.startOf(k);
    for (let i = nextQuote(chunk, 0); i >= 0; i = nextQuote(chunk, i + 1)) {
      const at = base + i;
      if (open < 0) {
        open = at;
        continue;
      }
      if ((i > 0 ? chunk[i - 1] : rope.at(at - 1)) === BACKSLASH && escaped(rope, at, open)) continue;
      const length = at - open - 1;
      if (length >= longBytes || (model === undefined && length <= 256)) {
        const key = keyBefore(rope, open, previousOpen, previousClose);
        if (length >= longBytes && key !== undefined && CUTTABLE_KEYS.has(key)) long.push({ open, close: at });
        else if (key === 'model' && length <= 256) model = new TextDecoder().decode(rope.bytes(open + 1, at));
      }
      previousOpen = open;
      previousClose = at;
      open = -1;
    }
    sinceYield += chunk.byteLength;
    if (sinceYield >= SCAN_SLICE) {
      sinceYield = 0;
      yield;
    }
  }
  return { long, model };
}

/**
 * The body's text with each long string of `scan` over `keep` bytes cut to `keep` (none when `keep` is
 * undefined), as the pieces it is decoded in, without the parts left out.
 */
export function* bodyTextSteps(rope: ByteRope, scan: BodyScan, keep: number | undefined): Generator<void, BodyText, void> {
  const decoder = new ChunkDecoder();
  const pieces: string[] = [];
  const cut = { texts: 0, bytes: 0 };
  let from = 0;
  const decodeTo = function* (to: number): Generator<void, void, void> {
    while (from < to) {
      const end = Math.min(to, from + DECODE_SPAN);
      pieces.push(decoder.decode(rope.bytes(from, end)));
      from = end;
      yield;
    }
  };
  if (keep !== undefined) {
    for (const { open, close } of scan.long) {
      if (close - open - 1 <= keep + keep / 8) continue;
      const { head, tail } = yield* cutPoints(rope, open + 1, close, open + 1 + Math.floor(keep * HEAD_SHARE), close - Math.ceil(keep * (1 - HEAD_SHARE)));
      yield* decodeTo(head);
      // Escaped as JSON: the notice's line breaks go into the string literal as \n.
      pieces.push(JSON.stringify(omissionNotice(tail - head)).slice(1, -1));
      from = tail;
      cut.texts += 1;
      cut.bytes += tail - head;
    }
  }
  yield* decodeTo(rope.size);
  const rest = decoder.end();
  if (rest !== '') pieces.push(rest);
  return { pieces, cut };
}

/**
 * The cut points of a string whose bytes run from `start` to `end`: the last clean one at or before
 * `headWant` and the first at or after `tailWant` (between two characters, outside any escape, not between
 * the two escapes of a surrogate pair), found by looking at the few bytes around each. What lies between
 * is checked as JSON.parse would check it (escapes, no raw control characters).
 */
function* cutPoints(rope: ByteRope, start: number, end: number, headWant: number, tailWant: number): Generator<void, { head: number; tail: number }, void> {
  let head = Math.max(start, headWant);
  for (;;) {
    const clean = cleanBefore(rope, start, head);
    if (clean === head) break;
    head = clean;
  }
  let tail = Math.min(end, tailWant);
  for (;;) {
    const clean = cleanAfter(rope, start, end, tail);
    if (clean === tail) break;
    tail = clean;
  }
  if (tail < head) tail = head;
  yield* checkStringBytes(rope, head, tail);
  return { head, tail };
}

/** `at` if it is a clean cut, else the nearest one before it. */
function cleanBefore(rope: ByteRope, start: number, at: number): number {
  while (at > start && (rope.at(at) & 0xc0) === 0x80) at -= 1;
  const escapeStart = escapeAround(rope, start, at);
  if (escapeStart >= 0) return escapeStart;
  const pair = highSurrogateBefore(rope, start, at);
  return pair >= 0 ? pair : at;
}

/** `at` if it is a clean cut, else the nearest one after it (at most `end`). */
function cleanAfter(rope: ByteRope, start: number, end: number, at: number): number {
  while (at < end && (rope.at(at) & 0xc0) === 0x80) at += 1;
  const escapeStart = escapeAround(rope, start, at);
  if (escapeStart >= 0) return Math.min(end, escapeStart + (rope.at(escapeStart + 1) === LOWER_U ? 6 : 2));
  return highSurrogateBefore(rope, start, at) >= 0 ? Math.min(end, at + 6) : at;
}

/** The start of the escape `at` falls inside (after its backslash, before its end), or -1. */
function escapeAround(rope: ByteRope, start: number, at: number): number {
  // An escape is at most 6 bytes (\uXXXX): its backslash is one of the 5 bytes before `at`.
  for (let k = at - 1; k >= start && k >= at - 5; k -= 1) {
    if (rope.at(k) !== BACKSLASH) continue;
    // The nearest backslash decides: it escapes when the run it ends is odd (an even run is escaped backslashes).
    if (backslashRun(rope, start, k) % 2 === 0) return -1;
    const length = rope.at(k + 1) === LOWER_U ? 6 : 2;
    return at < k + length ? k : -1;
  }
  return -1;
}

/** Where an escaped high surrogate (\uD800 to \uDBFF) ending at `at` starts, or -1. */
function highSurrogateBefore(rope: ByteRope, start: number, at: number): number {
  const k = at - 6;
  if (k < start || rope.at(k) !== BACKSLASH || rope.at(k + 1) !== LOWER_U) return -1;
  const third = rope.at(k + 3) | 0x20;
  if ((rope.at(k + 2) | 0x20) !== 0x64 || !(third === 0x38 || third === 0x39 || third === 0x61 || third === 0x62)) return -1;
  return backslashRun(rope, start, k) % 2 === 1 ? k : -1;
}

/** How many backslashes end at `k` (itself one), counted back no further than `start`. */
function backslashRun(rope: ByteRope, start: number, k: number): number {
  return 1 + rope.runBefore(k, start, BACKSLASH);
}

/** Bytes checked between two yields: well under a millisecond. */
const CHECK_BYTES = 262_144;

/** Checks that the bytes from `from` to `to` (clean cuts both) would parse as part of a JSON string. */
function* checkStringBytes(rope: ByteRope, from: number, to: number): Generator<void, void, void> {
  let inEscape = 0;
  let at = from;
  let sinceYield = 0;
  for (const view of rope.views(from, to)) {
    inEscape = checkEscapes(view, inEscape, at);
    at += view.byteLength;
    sinceYield += view.byteLength;
    if (sinceYield >= CHECK_BYTES) {
      sinceYield = 0;
      yield;
    }
  }
  if (inEscape !== 0) throw new SyntaxError(`Bad escaped character in JSON at byte ${to} of the body`);
}

/**
 * One piece of a string's bytes checked as JSON.parse checks them: escapes well formed, no raw control
 * character. `inEscape` carries an escape across pieces (0: none; 1: after its backslash; 2 to 5: in the hex
 * digits of \u). A plain loop, about a nanosecond a byte; `offset` only names the byte in an error.
 */
function checkEscapes(view: Uint8Array, inEscape: number, offset: number): number {
  for (let i = 0; i < view.length; i += 1) {
    const byte = view[i] as number;
    if (inEscape === 0) {
      if (byte >= 0x20 && byte !== BACKSLASH) continue;
      if (byte === BACKSLASH) inEscape = 1;
      else throw new SyntaxError(`Bad control character in string literal in JSON at byte ${offset + i} of the body`);
    } else if (inEscape === 1) {
      if (byte === LOWER_U) inEscape = 2;
      // " \ / b f n r t
      else if (byte === 0x22 || byte === BACKSLASH || byte === 0x2f || byte === 0x62 || byte === 0x66 || byte === 0x6e || byte === 0x72 || byte === 0x74) inEscape = 0;
      else throw new SyntaxError(`Bad escaped character in JSON at byte ${offset + i} of the body`);
    } else {
      const lower = byte | 0x20;
      if (!((byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x66))) throw new SyntaxError(`Bad Unicode escape in JSON at byte ${offset + i} of the body`);
      inEscape = inEscape === 5 ? 0 : inEscape + 1;
    }
  }
  return inEscape;
}

/**
 * The next quote in `chunk` from `from`, or -1. The first bytes are looked at by hand: most strings of a body
 * are short, and a native search costs more to call than a short loop; a long string is searched natively.
 */
function nextQuote(chunk: Uint8Array, from: number): number {
  const stop = Math.min(chunk.length, from + 32);
  for (let i = from; i < stop; i += 1) if (chunk[i] === QUOTE) return i;
  return stop === chunk.length ? -1 : chunk.indexOf(QUOTE, stop);
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it, counted back to the string's start. */
function escaped(rope: ByteRope, at: number, open: number): boolean {
  // Runs are disjoint and each is counted once, at the quote that ends it: the whole scan stays linear.
  return rope.runBefore(at, open + 1, BACKSLASH) % 2 === 1;
}

/** The key a string at `open` is the value of: the string just before it, when only `:` and spaces lie between. */
function keyBefore(rope: ByteRope, open: number, previousOpen: number, previousClose: number): string | undefined {
  if (previousClose < 0 || previousClose - previousOpen - 1 > 16) return undefined;
  let at = open - 1 - spacesBefore(rope, open, previousClose + 1);
  if (at <= previousClose || rope.at(at) !== COLON) return undefined;
  at -= 1 + spacesBefore(rope, at, previousClose + 1);
  if (at !== previousClose) return undefined;
  let key = '';
  for (let i = previousOpen + 1; i < previousClose; i += 1) key += String.fromCharCode(rope.at(i));
  return key;
}

/** JSON whitespace just before `end`, back to `start` at most. */
function spacesBefore(rope: ByteRope, end: number, start: number): number {
  return rope.runBefore(end, start, 0x20, 0x0a, 0x0d, 0x09);
}
