import { lastAtOrBefore } from './last-at-or-before.js';
import { runSteps } from './run-steps.js';

/** About the most characters handed to one native `JSON.parse` (twice that for a piece of a long string), and the work between two yields. */
export const JSON_STEP_CHARS = 65_536;

export interface ParseJsonStepsOptions {
  /** Characters per native parse and per step (default {@link JSON_STEP_CHARS}); a text no longer is parsed at once. */
  chunk?: number;
  /** More members in one object throw a {@link ContainerTooLargeError} as soon as they are read (V8 makes a slow dictionary of a wide object). */
  maxObjectMembers?: number;
  /** More items in one array throw a {@link ContainerTooLargeError} as soon as they are read. */
  maxArrayItems?: number;
}

/** Thrown when an object or an array holds more than the options allow. */
export class ContainerTooLargeError extends RangeError {
  constructor(
    readonly container: 'object' | 'array',
    readonly limit: number,
  ) {
    super(`An ${container} in the JSON text has more than ${limit} ${container === 'object' ? 'members' : 'items'}.`);
  }
}

/**
 * `JSON.parse` in bounded steps: yields between pieces of about `chunk` characters of work (about a
 * millisecond), and returns what `JSON.parse(text)` returns, or throws a `SyntaxError` naming a position
 * exactly when it would throw. One `JSON.parse` of a 30 MB body holds the event loop for hundreds of ms.
 *
 * Two costs stay whole, as they are inside `JSON.parse` too: growing an array of hundreds of thousands of
 * items copies it (V8 reallocates the backing store in one go), and a string longer than a chunk comes back
 * as a concatenation of pieces that V8 flattens, in one copy, the first time its characters are read.
 *
 * @example
 * const body = await sharedScheduler.run(parseJsonSteps(text), request.signal);
 */
export function* parseJsonSteps(text: string | readonly string[], options: ParseJsonStepsOptions = {}): Generator<void, unknown, void> {
  const chunk = Math.max(1, Math.floor(options.chunk ?? JSON_STEP_CHARS));
  const pieces = typeof text === 'string' ? [text] : text;
  let length = 0;
  for (const piece of pieces) length += piece.length;
  if (length <= chunk) return JSON.parse(pieces.join(''));
  const parser = new JsonStepParser(pieces, length, chunk, options.maxObjectMembers ?? Number.POSITIVE_INFINITY, options.maxArrayItems ?? Number.POSITIVE_INFINITY);
  while (!parser.step()) yield;
  return parser.result;
}

/** {@link parseJsonSteps} run to the end without yielding: the same result, for tests and synchronous callers. */
export function parseJsonBounded(text: string | readonly string[], options: ParseJsonStepsOptions = {}): unknown {
  return runSteps(parseJsonSteps(text, options));
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const COLON = 58;
const UPPER_E = 69;
const OPEN_ARRAY = 91;
const BACKSLASH = 92;
const CLOSE_ARRAY = 93;
const LOWER_E = 101;
const LOWER_U = 117;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

// Work is counted in characters of native JSON.parse of structure, a chunk of it a step. The same time buys
// about 4 characters of the bracket scanner's loop, 2 of a long number checked digit by digit, 64 of
// String#indexOf finding a string's end, or 4 of a long string's piece decoded (mostly a copy); an escaped
// quote met on the way to a string's end costs 3.
const SCAN_PER_UNIT = 4;
const NUMBER_PER_UNIT = 2;
const SEARCH_PER_UNIT = 64;
const STRING_PIECE_PER_UNIT = 4;
const ESCAPED_QUOTE_WORK = 3;
/**
 * A long string is decoded in pieces of four chunks (256 K characters by default), so that even with many
 * escapes a decoded piece is over 128 KB: V8 allocates it in the large-object space, which a scavenge promotes
 * without a copy. Smaller pieces are young objects that every scavenge copies while the string is assembled:
 * a 30 MB tool output cost 3 scavenges of 40 to 95 ms per parse on this machine, against about 15 ms in all.
 */
const STRING_PIECE_CHUNKS = 4;
/**
 * A text given in pieces is read through a window of this many chunks, joined from the pieces as the parser
 * moves on, so that the whole text never exists as one string: joining 30 MB took 60-90 ms in one go here.
 * The window keeps a few chunks behind the parser (it goes back at most a chunk or two, to re-read a member)
 * and at least a dozen ahead (one scan call covers at most eight); anything further back is read from the
 * pieces themselves (a batch, a long string's value).
 */
const WINDOW_CHUNKS = 32;
const WINDOW_BACK_CHUNKS = 4;
const WINDOW_AHEAD_CHUNKS = 12;
/** Joining the window's text runs about this many times faster per character than parsing. */
const JOIN_PER_UNIT = 8;
/** Enough significant digits to round any decimal to the nearest double; the rest only decide ties. */
const NUMBER_DIGITS = 800;

// See stringDone.
let _flattened = 0;

const ROOT = 0;
const ARRAY = 1;
const OBJECT = 2;

const EXPECT_VALUE = 0;
const EXPECT_VALUE_OR_CLOSE = 1;
const EXPECT_KEY = 2;
const EXPECT_KEY_OR_CLOSE = 3;
const EXPECT_COLON = 4;
const EXPECT_COMMA_OR_CLOSE = 5;
const EXPECT_END = 6;
const IN_MEMBER = 7;

const MODE_STRUCTURE = 0;
const MODE_BRACKETS = 1;
const MODE_STRING = 2;
const MODE_NUMBER = 3;
const MODE_DONE = 4;

const NUMBER_SIGN = 0;
const NUMBER_ZERO = 1;
const NUMBER_INT = 2;
const NUMBER_DOT = 3;
const NUMBER_FRACTION = 4;
const NUMBER_EXPONENT_SIGN = 5;
const NUMBER_EXPONENT_FIRST = 6;
const NUMBER_EXPONENT = 7;

/**
 * An array or object larger than a chunk (or the root), assembled here from its members. Consecutive small
 * members wait in a batch (one span of text) and are parsed natively together; a large member is "detached":
 * the batch before it is parsed, its key decoded, and its value added when it is complete.
 */
interface Frame {
  readonly kind: number;
  readonly start: number;
  items: unknown[] | undefined;
  /** Earlier batches of an array's items, joined once at its end: pushing them one by one cost more than parsing them. */
  parts: unknown[][] | undefined;
  /** An object's members or an array's items so far (a duplicate key counts again). */
  size: number;
  members: Record<string, unknown> | undefined;
  expect: number;
  batchStart: number;
  batchEnd: number;
  /** Where the member in progress begins (its key, for an object). */
  memberStart: number;
  colon: number;
  key: string;
  detached: boolean;
  /** The member in progress was read by the bracket scanner: the text before its value is not checked yet. */
  glue: boolean;
  /** Where the bracket scanner took over this frame's members, and what the tokenizer expected there. */
  scanFrom: number;
  scanExpect: number;
  /** The tokenizer reads the member in progress itself: the bracket scanner gave it back. */
  tokenize: boolean;
  /** An array's text between two members, through the second's first key (`,{"role"`): undefined until learned, '' for none. */
  separator: string | undefined;
  /** No speculative batch (see `speculate`) is tried before this position. */
  speculateFrom: number;
  hits: number;
  misses: number;
}

function newFrame(kind: number, start: number, expect: number): Frame {
  return {
    kind,
    start,
    items: undefined,
    parts: undefined,
    size: 0,
    members: undefined,
    expect,
    batchStart: -1,
    batchEnd: -1,
    memberStart: -1,
    colon: -1,
    key: '',
    detached: false,
    glue: false,
    scanFrom: -1,
    scanExpect: expect,
    tokenize: false,
    separator: undefined,
    speculateFrom: 0,
    hits: 0,
    misses: 0,
  };
}

/**
 * The parser behind {@link parseJsonSteps}. A bracket scanner reads most of the text: it matches brackets
 * (finding string ends with indexOf) and records, per open container, where its current member starts and its
 * last colon; the text it passes is validated later by the native parse of the batch that holds it. A container
 * open longer than a chunk is promoted to a {@link Frame}: its complete members are parsed in one go and the
 * scanner goes on over the rest, flushing a batch at the frame's commas. A member that stays longer than a
 * chunk at the frame's level (a long string, number or run of whitespace) is handed to a strict tokenizer,
 * which decodes long strings in pieces. No recursion anywhere: bodies may nest thousands deep.
 */
class JsonStepParser {
  result: unknown = undefined;
  private readonly n: number;
  private pos = 0;
  private mode = MODE_STRUCTURE;
  private work = 0;
  private readonly frames: Frame[];
  private top: Frame;

  // The containers open in the bracket scanner, lowest first. Level base - 1, when base > 0, is the top frame
  // (the scanner is reading its members); levels from base up are not promoted.
  private readonly openStart: number[] = [];
  private readonly openMember: number[] = [];
  private readonly openColon: number[] = [];
  private base = 0;
  private depth = -1;
  private scanInString = false;
  private scanOdd = false;

  // A slice of the text searched for quotes, so that one search never runs to the end of a 30 MB string.
  private window = '';
  private windowStart = 0;
  private windowEnd = 0;
  // Where findStringEnd stopped short of a string's end, and whether an odd run of backslashes ends there.
  private searchedTo = 0;
  private searchedOdd = false;

  private stringStart = 0;
  private stringIsKey = false;
  private stringLarge = false;
  private stringEnd = -1;
  private stringSearched = 0;
  private stringOdd = false;
  private stringDecoded = 0;
  private stringValue = '';
  // Every piece decoded so far read as written (no escapes): the value is then a slice of the body text,
  // which V8 makes without copying, instead of a concatenation it would copy whole on first read.
  private stringVerbatim = true;

  private numberStart = 0;
  private numberState = NUMBER_SIGN;
  private numberDot = -1;
  private numberExponent = -1;
  private numberExponentNegative = false;
  private numberFirstDigit = -1;
  private numberLastDigit = -1;
  private numberExponentFirstDigit = -1;

  // The window: the text from `textStart` to `textEnd` (positions are always in the whole text).
  private text = '';
  private textStart = 0;
  private textEnd = 0;
  private readonly pieceStarts: number[] = [];

  constructor(
    private readonly pieces: readonly string[],
    length: number,
    private readonly chunk: number,
    private readonly maxMembers: number,
    private readonly maxItems: number,
  ) {
    this.n = length;
    let start = 0;
    for (const piece of pieces) {
      this.pieceStarts.push(start);
      start += piece.length;
    }
    if (pieces.length === 1) {
      this.text = pieces[0] as string;
      this.textEnd = length;
    }
    this.top = newFrame(ROOT, 0, EXPECT_VALUE);
    this.frames = [this.top];
  }

  /** Does about one chunk of work; true once the result is ready. */
  step(): boolean {
    this.work = 0;
    while (this.mode !== MODE_DONE && this.work < this.chunk) {
      if (this.textEnd < this.n) this.keepWindowAhead();
      if (this.mode === MODE_BRACKETS) this.scanBrackets();
      else if (this.mode === MODE_STRUCTURE) this.scanStructure();
      else if (this.mode === MODE_STRING) this.scanString();
      else this.scanNumber();
    }
    return this.mode === MODE_DONE;
  }

  /** Moves the window on when the parser comes within a dozen chunks of its end. */
  private keepWindowAhead(): void {
    const frontier = this.mode === MODE_STRING ? Math.max(this.pos, this.stringSearched) : this.pos;
    if (this.textEnd - frontier >= WINDOW_AHEAD_CHUNKS * this.chunk) return;
    const start = Math.max(0, frontier - WINDOW_BACK_CHUNKS * this.chunk);
    const end = Math.min(this.n, frontier + WINDOW_CHUNKS * this.chunk);
    this.text = this.piecesBetween(start, end, true);
    this.textStart = start;
    this.textEnd = end;
    this.work += (end - start) / JOIN_PER_UNIT;
  }

  /** The text from `start` to `end`, from the window when it holds it, else from the pieces. */
  private sliceAt(start: number, end: number): string {
    if (start >= this.textStart && end <= this.textEnd) return this.text.slice(start - this.textStart, end - this.textStart);
    return this.piecesBetween(start, end, false);
  }

  private code(pos: number): number {
    if (pos >= this.textStart && pos < this.textEnd) return this.text.charCodeAt(pos - this.textStart);
    return this.piecesBetween(pos, pos + 1, false).charCodeAt(0);
  }

  /**
   * The text from `start` to `end` out of the pieces: joined (one flat copy) for the window, or concatenated
   * (V8 copies only when the characters are read) for a value such as a long string, whose reader pays for it.
   */
  private piecesBetween(start: number, end: number, join: boolean): string {
    const starts = this.pieceStarts;
    const parts: string[] = [];
    for (let i = lastAtOrBefore(starts, start); i < starts.length && (starts[i] as number) < end; i++) {
      const piece = this.pieces[i] as string;
      const from = starts[i] as number;
      parts.push(piece.slice(Math.max(0, start - from), Math.min(piece.length, end - from)));
    }
    if (join || parts.length <= 1) return parts.join('');
    let text = '';
    for (const part of parts) text += part;
    return text;
  }

  /** How many characters a scan may cover with the work left in this step. */
  private room(perUnit: number): number {
    return Math.max(1, Math.floor((this.chunk - this.work) * perUnit));
  }

  // ---- the strict tokenizer, for the members of large containers

  private scanStructure(): void {
    const text = this.text;
    const base = this.textStart;
    const f = this.top;
    const limit = Math.min(this.n, this.textEnd, this.pos + this.room(SCAN_PER_UNIT));
    let pos = this.pos;
    while (pos < limit && isWhitespace(text.charCodeAt(pos - base))) pos++;
    this.work += 1 + (pos - this.pos) / SCAN_PER_UNIT;
    this.pos = pos;
    if (pos === this.n) {
      if (f.expect !== EXPECT_END) throw this.unexpected(pos);
      this.mode = MODE_DONE;
      return;
    }
    if (pos === limit) return;
    const c = text.charCodeAt(pos - base);
    switch (f.expect) {
      case EXPECT_VALUE_OR_CLOSE:
        if (c === CLOSE_ARRAY) return this.close(f);
        if (f.tokenize) return this.startValue(f, c);
        return this.scanMembersFrom(f);
      case EXPECT_VALUE:
        if (f.kind === ARRAY && !f.tokenize) return this.scanMembersFrom(f);
        return this.startValue(f, c);
      case EXPECT_KEY_OR_CLOSE:
        if (c === CLOSE_OBJECT) return this.close(f);
        if (f.tokenize) return this.startKey(f, c);
        return this.scanMembersFrom(f);
      case EXPECT_KEY:
        if (f.tokenize) return this.startKey(f, c);
        return this.scanMembersFrom(f);
      case EXPECT_COLON:
        if (c !== COLON) throw this.unexpected(pos);
        f.colon = pos;
        f.expect = EXPECT_VALUE;
        this.pos = pos + 1;
        return;
      case EXPECT_COMMA_OR_CLOSE:
        if (c === COMMA) {
          f.expect = f.kind === ARRAY ? EXPECT_VALUE : EXPECT_KEY;
          this.pos = pos + 1;
          return;
        }
        if (c === (f.kind === ARRAY ? CLOSE_ARRAY : CLOSE_OBJECT)) return this.close(f);
        throw this.unexpected(pos);
      default:
        throw this.unexpected(pos);
    }
  }

  /** Hands the members of a large container, from the one starting here, to the bracket scanner. */
  private scanMembersFrom(f: Frame): void {
    f.scanFrom = this.pos;
    f.scanExpect = f.expect;
    f.expect = IN_MEMBER;
    f.glue = true;
    this.base = 1;
    this.depth = 0;
    this.openStart[0] = f.start;
    this.openMember[0] = this.pos;
    this.openColon[0] = -1;
    this.scanInString = false;
    this.mode = MODE_BRACKETS;
  }

  /**
   * Gives the top frame's member in progress back to the tokenizer: at the frame's closing bracket (so the
   * tokenizer checks the last member and the bracket), or when the member stays longer than a chunk.
   */
  private tokenizeMember(): void {
    const f = this.top;
    const memberStart = this.openMember[this.base - 1] as number;
    this.pos = memberStart;
    this.mode = MODE_STRUCTURE;
    f.expect = memberStart !== f.scanFrom ? (f.kind === ARRAY ? EXPECT_VALUE : EXPECT_KEY) : f.scanExpect;
    f.glue = false;
    f.tokenize = true;
    this.work += 1;
  }

  /** The bracket scanner passed a comma of the top frame: the member before it joins the batch. */
  private memberDone(memberStart: number, comma: number): boolean {
    const f = this.top;
    let flushed = false;
    if (f.batchStart >= 0 && comma - f.batchStart > this.chunk) {
      this.flush(f);
      flushed = true;
    }
    if (f.batchStart < 0) {
      // Within a batch, an empty member fails the native parse; one that starts a batch is checked here.
      if (this.isWhitespace(memberStart, comma)) throw this.unexpected(comma);
      f.batchStart = memberStart;
    }
    f.batchEnd = comma;
    if (comma - f.batchStart >= this.chunk) {
      this.flush(f);
      flushed = true;
    }
    return flushed;
  }

  private startKey(f: Frame, c: number): void {
    if (c !== QUOTE) throw this.unexpected(this.pos);
    f.memberStart = this.pos;
    this.startString(true);
  }

  private startValue(f: Frame, c: number): void {
    const pos = this.pos;
    if (f.kind !== OBJECT) f.memberStart = pos;
    f.expect = IN_MEMBER;
    if (c === QUOTE) return this.startString(false);
    if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      this.base = 0;
      this.depth = 0;
      this.openStart[0] = pos;
      this.openMember[0] = pos + 1;
      this.openColon[0] = -1;
      this.scanInString = false;
      this.pos = pos + 1;
      this.mode = MODE_BRACKETS;
      return;
    }
    if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
      this.numberStart = pos;
      this.numberState = NUMBER_SIGN;
      this.numberDot = -1;
      this.numberExponent = -1;
      this.numberExponentNegative = false;
      this.numberFirstDigit = -1;
      this.numberLastDigit = -1;
      this.numberExponentFirstDigit = -1;
      this.pos = c === MINUS ? pos + 1 : pos;
      this.mode = MODE_NUMBER;
      return;
    }
    const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : '';
    if (word === '' || this.sliceAt(pos, pos + word.length) !== word) throw this.unexpected(pos);
    this.pos = pos + word.length;
    this.valueDone(pos, this.pos);
  }

  /** A small value of the top frame ended: it joins the batch, or is parsed alone when its member is detached. */
  private valueDone(start: number, end: number): void {
    const f = this.top;
    this.mode = MODE_STRUCTURE;
    if (f.kind === ROOT || f.detached) return this.add(f, this.parse(start, end, '', ''));
    // Batches stay near a chunk: flush before a member that would push one well past it (whitespace between
    // members can be long), then again if this member alone fills it.
    if (f.batchStart >= 0 && end - f.batchStart > this.chunk) this.flush(f);
    if (f.batchStart < 0) f.batchStart = f.memberStart;
    f.batchEnd = end;
    f.glue = false;
    f.tokenize = false;
    f.expect = EXPECT_COMMA_OR_CLOSE;
    if (end - f.batchStart >= this.chunk) this.flush(f);
  }

  /** A complete value for the top frame's detached member (or the root). */
  private add(f: Frame, value: unknown): void {
    this.mode = MODE_STRUCTURE;
    f.detached = false;
    f.glue = false;
    f.tokenize = false;
    if (f.kind === ROOT) {
      this.result = value;
      f.expect = EXPECT_END;
      return;
    }
    f.expect = EXPECT_COMMA_OR_CLOSE;
    this.grow(f, 1);
    if (f.kind === ARRAY) {
      if (f.items === undefined) f.items = [value];
      else f.items.push(value);
    } else defineMember((f.members ??= {}), f.key, value);
  }

  private grow(f: Frame, members: number): void {
    f.size += members;
    const limit = f.kind === ARRAY ? this.maxItems : this.maxMembers;
    if (f.size > limit) throw new ContainerTooLargeError(f.kind === ARRAY ? 'array' : 'object', limit);
  }

  private appendItems(f: Frame, items: unknown[]): void {
    this.grow(f, items.length);
    if (f.items !== undefined) (f.parts ??= []).push(f.items);
    f.items = items;
  }

  /** Parses the batch of small members natively and appends them. */
  private flush(f: Frame): void {
    const start = f.batchStart;
    if (start < 0) return;
    f.batchStart = -1;
    if (f.kind === ARRAY) {
      this.appendItems(f, this.parse(start, f.batchEnd, '[', ']') as unknown[]);
    } else {
      const members = this.parse(start, f.batchEnd, '{', '}') as Record<string, unknown>;
      const keys = Object.keys(members);
      this.grow(f, keys.length);
      if (f.members === undefined) f.members = members;
      else {
        for (const key of keys) defineMember(f.members, key, members[key]);
        this.work += keys.length * 16;
      }
    }
  }

  /** The member in progress is too large for a batch: parse the batch before it and decode its key. */
  private detach(f: Frame, valueStart: number): void {
    if (f.detached) return;
    this.flush(f);
    f.detached = true;
    if (f.kind === ARRAY) {
      if (f.glue) this.expectWhitespace(f.memberStart, valueStart);
    } else if (f.kind === OBJECT) {
      if (f.colon < f.memberStart) throw this.unexpected(valueStart);
      const key = this.parse(f.memberStart, f.colon, '', '');
      if (typeof key !== 'string') throw this.unexpected(f.memberStart);
      f.key = key;
      if (f.glue) this.expectWhitespace(f.colon + 1, valueStart);
    }
  }

  private close(f: Frame): void {
    this.pos++;
    this.flush(f);
    this.frames.pop();
    this.top = this.frames[this.frames.length - 1] as Frame;
    let value: unknown;
    if (f.kind === OBJECT) value = f.members ?? {};
    else if (f.parts === undefined) value = f.items ?? [];
    else {
      // One native concat: the item count's copy, as growing one array would be at its last reallocation.
      value = ([] as unknown[]).concat(...f.parts, f.items ?? []);
      this.work += (value as unknown[]).length / 8;
    }
    this.add(this.top, value);
  }

  // ---- the bracket scanner: matches brackets only; what it passes is validated by the native parse of its batch

  private scanBrackets(): void {
    const text = this.text;
    const textBase = this.textStart;
    const starts = this.openStart;
    const members = this.openMember;
    const colons = this.openColon;
    const base = this.base;
    let depth = this.depth;
    let pos = this.pos;
    // An open container is promoted a chunk after it opens; a member of the top frame is given to the tokenizer
    // a chunk after it starts, unless it is in a container by then (which opened within that chunk). So a batch
    // never holds a member much over two chunks.
    let bound: number;
    if (depth >= base) {
      bound = (starts[base] as number) + this.chunk;
      if (pos >= bound) return this.promote();
    } else {
      bound = (members[depth] as number) + this.chunk;
      if (pos >= bound) return this.tokenizeMember();
    }
    let limit = Math.min(this.n, this.textEnd, bound, pos + this.room(SCAN_PER_UNIT));
    if (this.scanInString) {
      const end = this.findStringEnd(pos, limit, this.scanOdd);
      if (end >= 0) {
        pos = end + 1;
        this.scanInString = false;
      } else {
        pos = limit = this.searchedTo;
        this.scanOdd = this.searchedOdd;
      }
    }
    while (pos < limit) {
      const c = text.charCodeAt(pos++ - textBase);
      if (c === QUOTE) {
        const end = this.findStringEnd(pos, limit, false);
        if (end >= 0) pos = end + 1;
        else {
          this.scanInString = true;
          this.scanOdd = this.searchedOdd;
          pos = this.searchedTo;
          break;
        }
      } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        depth++;
        starts[depth] = pos - 1;
        members[depth] = pos;
        colons[depth] = -1;
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        if (--depth < base) {
          if (base === 0) {
            this.work += 1 + (pos - this.pos) / SCAN_PER_UNIT;
            this.pos = pos;
            this.depth = depth;
            return this.valueDone(starts[0] as number, pos);
          }
          if (depth < base - 1) {
            this.work += 1 + (pos - this.pos) / SCAN_PER_UNIT;
            return this.tokenizeMember();
          }
          limit = Math.min(limit, (members[depth] as number) + this.chunk);
        }
      } else if (c === COMMA) {
        if (depth === base - 1) {
          const flushed = this.memberDone(members[depth] as number, pos - 1);
          members[depth] = pos;
          if (flushed) break;
          const next = this.speculate(pos - 1);
          if (next >= 0) {
            members[depth] = next;
            this.work += 1 + (pos - this.pos) / SCAN_PER_UNIT;
            this.pos = next;
            this.depth = depth;
            return;
          }
        } else members[depth] = pos;
      } else if (c === COLON) colons[depth] = pos - 1;
    }
    this.work += 1 + (pos - this.pos) / SCAN_PER_UNIT;
    this.pos = pos;
    this.depth = depth;
    if (pos === this.n) throw this.unexpected(pos);
  }

  /**
   * At a comma between two members of the top frame (an array), takes the members ahead in one native parse
   * without scanning them: up to the last place within a chunk where the text between members recurs (such as
   * `,{"role"`), if what lies before it parses as complete members. A parse from a member's start that succeeds
   * ends where the true structure does, so a success is always right; a failure (the separator was inside a
   * member, or the text is not JSON) costs one native parse, after which the scanner goes on as before over
   * that text, and a frame where guesses keep failing stops guessing. Returns where scanning resumes, or -1.
   */
  private speculate(comma: number): number {
    const f = this.top;
    if (f.kind !== ARRAY || comma < f.speculateFrom) return -1;
    if (f.separator === undefined) f.separator = this.separatorAt(comma);
    const separator = f.separator;
    if (separator === '') return -1;
    // memberDone, just before, left the member ending at this comma in the batch: the guess starts there.
    const start = f.batchStart;
    const end = Math.min(this.n, start + this.chunk + separator.length);
    const found = this.sliceAt(comma + 1, end).lastIndexOf(separator);
    this.work += (end - comma) / SEARCH_PER_UNIT;
    if (found < 0) {
      // Nothing to guess from in this stretch: do not search it again at the next comma.
      f.speculateFrom = end - separator.length + 1;
      return -1;
    }
    const next = comma + 1 + found;
    let items: unknown[];
    this.work += next - start;
    try {
      items = JSON.parse(`[${this.sliceAt(start, next)}]`) as unknown[];
    } catch {
      f.speculateFrom = next + 1;
      if (++f.misses > 2 + (f.hits >> 3)) f.separator = '';
      return -1;
    }
    f.hits++;
    f.batchStart = -1;
    this.appendItems(f, items);
    return next + 1;
  }

  /** The text from a comma of an array through the next member's first key, or '' when it does not begin with one (or a string). */
  private separatorAt(comma: number): string {
    const max = Math.min(this.n, comma + 64);
    let pos = comma + 1;
    while (pos < max && isWhitespace(this.code(pos))) pos++;
    if (pos >= max) return '';
    if (this.code(pos) === QUOTE) return this.sliceAt(comma, pos + 1);
    if (this.code(pos) !== OPEN_OBJECT) return '';
    pos++;
    while (pos < max && isWhitespace(this.code(pos))) pos++;
    if (pos >= max || this.code(pos) !== QUOTE) return '';
    const close = this.sliceAt(pos + 1, max).indexOf('"');
    return close < 0 ? '' : this.sliceAt(comma, pos + 2 + close);
  }

  /** The lowest container open in the bracket scanner has been open for a chunk: it becomes a frame. */
  private promote(): void {
    const level = this.base;
    const start = this.openStart[level] as number;
    const memberStart = this.openMember[level] as number;
    if (level > 0) {
      this.top.memberStart = this.openMember[level - 1] as number;
      this.top.colon = this.openColon[level - 1] as number;
    }
    this.detach(this.top, start);
    const kind = this.code(start) === OPEN_ARRAY ? ARRAY : OBJECT;
    const f = newFrame(kind, start, IN_MEMBER);
    if (memberStart > start + 1) {
      // Everything before its last comma is complete members: one native parse.
      f.batchStart = start + 1;
      f.batchEnd = memberStart - 1;
      this.flush(f);
      if ((kind === ARRAY ? (f.items?.length ?? 0) : Object.keys(f.members ?? {}).length) === 0) throw this.unexpected(memberStart - 1);
    }
    this.frames.push(f);
    this.top = f;
    this.base = level + 1;
    this.work += 1;
    if (this.base > this.depth) {
      // It is the innermost: read its member in progress again, with the tokenizer.
      this.pos = memberStart;
      this.mode = MODE_STRUCTURE;
      if (kind === ARRAY) f.expect = memberStart === start + 1 ? EXPECT_VALUE_OR_CLOSE : EXPECT_VALUE;
      else f.expect = memberStart === start + 1 ? EXPECT_KEY_OR_CLOSE : EXPECT_KEY;
    } else {
      // Its member in progress is the next container, still open: keep scanning, now over this frame's
      // members; the text before that container joins a batch with it, or is checked in detach() if it is
      // promoted too.
      f.scanFrom = memberStart;
      if (kind === ARRAY) f.scanExpect = memberStart === start + 1 ? EXPECT_VALUE_OR_CLOSE : EXPECT_VALUE;
      else f.scanExpect = memberStart === start + 1 ? EXPECT_KEY_OR_CLOSE : EXPECT_KEY;
      f.glue = true;
    }
  }

  // ---- strings at the tokenizer level: small ones join the batch, large ones are decoded in pieces

  private startString(isKey: boolean): void {
    this.top.expect = IN_MEMBER;
    this.stringStart = this.pos;
    this.stringIsKey = isKey;
    this.stringLarge = false;
    this.stringEnd = -1;
    this.stringSearched = this.pos + 1;
    this.stringOdd = false;
    this.mode = MODE_STRING;
  }

  private scanString(): void {
    this.work += 1;
    if (this.stringEnd < 0) {
      // Two pieces keep the search ahead of the decoding (a piece a call), and bound the backslashes counted.
      const piece = STRING_PIECE_CHUNKS * this.chunk;
      const limit = Math.min(this.n, this.stringSearched + Math.min(this.room(SEARCH_PER_UNIT), 2 * piece));
      const end = this.findStringEnd(this.stringSearched, limit, this.stringOdd);
      this.work += ((end < 0 ? this.searchedTo : end) - this.stringSearched) / SEARCH_PER_UNIT;
      if (end >= 0) this.stringEnd = end;
      else if (this.searchedTo === this.n) throw this.unexpected(this.n);
      else {
        this.stringSearched = this.searchedTo;
        this.stringOdd = this.searchedOdd;
      }
    }
    const end = this.stringEnd;
    if (!this.stringLarge) {
      if (end >= 0 && end - this.stringStart < this.chunk) return this.stringDone(end + 1);
      if (end < 0 && this.stringSearched - this.stringStart <= this.chunk) return;
      this.stringLarge = true;
      this.stringDecoded = this.stringStart + 1;
      this.stringValue = '';
      this.stringVerbatim = true;
      if (!this.stringIsKey) this.detach(this.top, this.stringStart);
      else {
        this.flush(this.top);
        this.top.detached = true;
      }
    }
    const available = end >= 0 ? end : this.stringSearched;
    const from = this.stringDecoded;
    const piece = STRING_PIECE_CHUNKS * this.chunk;
    if (end < 0 && available - from < piece) return;
    let cut = Math.min(available, from + piece);
    if (cut < available || end < 0) cut = this.safeCut(from, cut, available, end >= 0);
    if (cut > from) {
      // Cut where no escape is split, so each piece is a valid string literal; a surrogate pair split between
      // two pieces is rejoined by the concatenation, as JavaScript strings are UTF-16 code units.
      const decoded = this.parse(from, cut, '"', '"') as string;
      // An escape always reads shorter than it is written: the same length means none.
      if (this.stringVerbatim && decoded.length !== cut - from) {
        this.stringVerbatim = false;
        this.stringValue = this.sliceAt(this.stringStart + 1, from);
      }
      if (!this.stringVerbatim) this.stringValue += decoded;
      this.stringDecoded = cut;
    }
    if (end >= 0 && this.stringDecoded >= end) return this.stringDone(end + 1);
  }

  private stringDone(end: number): void {
    const f = this.top;
    if (this.stringLarge) {
      if (this.stringVerbatim) this.stringValue = this.sliceAt(this.stringStart + 1, end - 1);
      // Built of pieces, it is copied whole on its first read: here, in a step of its own, rather than in a step of
      // whatever reads it first (a count in the engine's pass over every message: five 6 MB texts, 90 ms).
      // (Folded into a module variable: a read whose result went unused could be dropped by the compiler.)
      _flattened ^= this.stringValue.charCodeAt(0);
      this.work += this.stringValue.length / STRING_PIECE_PER_UNIT;
    }
    this.pos = end;
    this.mode = MODE_STRUCTURE;
    if (this.stringIsKey) {
      if (this.stringLarge) f.key = this.stringValue;
      f.expect = EXPECT_COLON;
    } else if (this.stringLarge) this.add(f, this.stringValue);
    else this.valueDone(this.stringStart, end);
    this.stringValue = '';
  }

  /** The last position at or before `cut` that splits no escape sequence, counting escapes from `from`, which splits none. */
  private safeCut(from: number, cut: number, available: number, final: boolean): number {
    for (let k = cut - 1; k >= from && k >= cut - 5; k--) {
      if (this.code(k) !== BACKSLASH) continue;
      let run = 1;
      while (k - run >= from && this.code(k - run) === BACKSLASH) run++;
      // An even run ends with an escaped backslash: nothing after it in this window starts an escape.
      if (run % 2 === 0) return cut;
      const escapeEnd = k + (this.code(k + 1) === LOWER_U ? 6 : 2);
      if (escapeEnd <= cut) return cut;
      if (k > from) return k;
      return escapeEnd <= available || final ? Math.min(escapeEnd, available) : from;
    }
    return cut;
  }

  /**
   * The closing quote of a string whose text continues at `from`, if it is before `limit`; else -1, with
   * `searchedTo` where to search on from (earlier than `limit` when escaped quotes used up the step's work)
   * and `searchedOdd` for the search that goes on there. A quote is escaped when an odd run of backslashes
   * precedes it; `odd` says whether the run just before `from` is odd, so no run is ever counted twice (a
   * string of 30 million backslashes would otherwise be counted back over on every resumption).
   */
  private findStringEnd(from: number, limit: number, odd: boolean): number {
    this.work += 1;
    for (;;) {
      const quote = this.findQuote(from, limit);
      if (quote < 0) {
        this.searchedTo = limit;
        this.searchedOdd = this.oddRunBefore(limit, from, odd);
        return -1;
      }
      if (!this.oddRunBefore(quote, from, odd)) return quote;
      from = quote + 1;
      odd = false;
      this.work += ESCAPED_QUOTE_WORK;
      if (this.work >= this.chunk) {
        this.searchedTo = from;
        this.searchedOdd = false;
        return -1;
      }
    }
  }

  /** Whether an odd number of backslashes ends just before `end`, counting back to `from` and then `odd`'s. */
  private oddRunBefore(end: number, from: number, odd: boolean): boolean {
    let k = end;
    while (k > from && this.code(k - 1) === BACKSLASH) k--;
    return k === from ? ((end - from) % 2 === 1) !== odd : (end - k) % 2 === 1;
  }

  private findQuote(from: number, limit: number): number {
    while (from < limit) {
      if (from < this.windowStart || from >= this.windowEnd) {
        this.windowStart = from;
        this.windowEnd = Math.min(this.n, from + Math.max(limit - from, 4 * this.chunk));
        this.window = this.sliceAt(from, this.windowEnd);
      }
      const found = this.window.indexOf('"', from - this.windowStart);
      if (found >= 0) {
        const quote = found + this.windowStart;
        return quote < limit ? quote : -1;
      }
      from = this.windowEnd;
    }
    return -1;
  }

  // ---- numbers at the tokenizer level: checked here, so that one of a million digits needs no native parse

  private scanNumber(): void {
    const text = this.text;
    const base = this.textStart;
    const limit = Math.min(this.n, this.textEnd, this.pos + this.room(NUMBER_PER_UNIT));
    let state = this.numberState;
    let pos = this.pos;
    let ended = false;
    for (; pos < limit; pos++) {
      const c = text.charCodeAt(pos - base);
      const digit = c >= DIGIT_0 && c <= DIGIT_9;
      if (state === NUMBER_SIGN) {
        if (!digit) throw this.unexpected(pos);
        state = c === DIGIT_0 ? NUMBER_ZERO : NUMBER_INT;
      } else if (state === NUMBER_INT || state === NUMBER_FRACTION || state === NUMBER_ZERO) {
        // A digit goes on the mantissa, except after a leading zero, where it (like anything else) ends the number.
        if (!digit || state === NUMBER_ZERO) {
          if (c === DOT && state !== NUMBER_FRACTION) {
            state = NUMBER_DOT;
            this.numberDot = pos;
          } else if (c === LOWER_E || c === UPPER_E) {
            state = NUMBER_EXPONENT_SIGN;
            this.numberExponent = pos;
          } else {
            ended = true;
            break;
          }
          continue;
        }
      } else if (state === NUMBER_DOT) {
        if (!digit) throw this.unexpected(pos);
        state = NUMBER_FRACTION;
      } else {
        if (state === NUMBER_EXPONENT_SIGN && (c === PLUS || c === MINUS)) {
          state = NUMBER_EXPONENT_FIRST;
          this.numberExponentNegative = c === MINUS;
          continue;
        }
        if (!digit) {
          if (state !== NUMBER_EXPONENT) throw this.unexpected(pos);
          ended = true;
          break;
        }
        state = NUMBER_EXPONENT;
        if (c !== DIGIT_0 && this.numberExponentFirstDigit < 0) this.numberExponentFirstDigit = pos;
        continue;
      }
      // A mantissa digit: where the significant ones start and end decides rounding of long numbers.
      if (c !== DIGIT_0) {
        if (this.numberFirstDigit < 0) this.numberFirstDigit = pos;
        this.numberLastDigit = pos;
      }
    }
    this.work += 1 + (pos - this.pos) / NUMBER_PER_UNIT;
    this.pos = pos;
    this.numberState = state;
    if (!ended && pos === this.n) {
      if (state !== NUMBER_ZERO && state !== NUMBER_INT && state !== NUMBER_FRACTION && state !== NUMBER_EXPONENT) throw this.unexpected(pos);
      ended = true;
    }
    if (!ended) return;
    const start = this.numberStart;
    if (pos - start <= this.chunk) return this.valueDone(start, pos);
    this.detach(this.top, start);
    this.add(this.top, this.longNumber(pos));
  }

  /** The value of a number longer than a chunk, rounded as JSON.parse rounds it, from at most 801 digits. */
  private longNumber(end: number): number {
    const start = this.numberStart;
    const sign = this.code(start) === MINUS ? -1 : 1;
    const first = this.numberFirstDigit;
    if (first < 0) return sign * 0;
    const intEnd = this.numberDot >= 0 ? this.numberDot : this.numberExponent >= 0 ? this.numberExponent : end;
    const fractionStart = this.numberDot >= 0 ? this.numberDot + 1 : intEnd;
    const fractionEnd = this.numberDot < 0 ? intEnd : this.numberExponent >= 0 ? this.numberExponent : end;
    let exponent = 0;
    const exponentFirst = this.numberExponentFirstDigit;
    if (exponentFirst >= 0) {
      exponent = end - exponentFirst > 15 ? 1e16 : Number(this.sliceAt(exponentFirst, end));
      if (this.numberExponentNegative) exponent = -exponent;
    }
    const scale = (first < intEnd ? intEnd - first : fractionStart - first) + exponent;
    if (scale > 400) return sign * Infinity;
    if (scale < -400) return sign * 0;
    let digits: string;
    let last: number;
    if (first < intEnd) {
      last = Math.min(intEnd, first + NUMBER_DIGITS);
      digits = this.sliceAt(first, last);
      const more = NUMBER_DIGITS - digits.length;
      if (more > 0 && fractionEnd > fractionStart) {
        last = Math.min(fractionEnd, fractionStart + more);
        digits += this.sliceAt(fractionStart, last);
      }
    } else {
      last = Math.min(fractionEnd, first + NUMBER_DIGITS);
      digits = this.sliceAt(first, last);
    }
    // A nonzero digit past those kept only matters as "a bit more than this", which a final 1 says.
    if (this.numberLastDigit >= last) digits += '1';
    return sign * Number(`0.${digits}e${scale}`);
  }

  // ---- helpers

  private parse(start: number, end: number, open: string, close: string): unknown {
    // Decoding a piece of a string is mostly a copy, cheaper than parsing structure.
    this.work += open === '"' ? (end - start) / STRING_PIECE_PER_UNIT : end - start;
    const slice = this.sliceAt(start, end);
    try {
      return JSON.parse(open === '' ? slice : open + slice + close);
    } catch (error) {
      throw located(error, start - open.length, start, end);
    }
  }

  private expectWhitespace(start: number, end: number): void {
    for (let pos = start; pos < end; pos++) if (!isWhitespace(this.code(pos))) throw this.unexpected(pos);
  }

  private isWhitespace(start: number, end: number): boolean {
    for (let pos = start; pos < end; pos++) if (!isWhitespace(this.code(pos))) return false;
    return true;
  }

  private unexpected(pos: number): SyntaxError {
    if (pos >= this.n) return new SyntaxError('Unexpected end of JSON input');
    return new SyntaxError(`Unexpected ${JSON.stringify(this.sliceAt(pos, pos + 1))} in JSON at position ${pos}`);
  }
}

function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/**
 * Sets a member as JSON.parse does, as an own data property. Assigning a key the prototype has as an accessor
 * would call it instead: "__proto__" would set the prototype (or a setter someone added would run).
 */
function defineMember(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!(key in target) || Object.hasOwn(target, key)) target[key] = value;
  else Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** The native error for a slice, with its position made a position in the whole text. */
function located(error: unknown, offset: number, start: number, end: number): SyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  let moved = false;
  const absolute = message.replace(/position (\d+)/, (_, at: string) => {
    moved = true;
    return `position ${Math.max(start, Number(at) + offset)}`;
  });
  return new SyntaxError(moved ? absolute : `${message} (in the part of the text from position ${start} to ${end})`);
}
