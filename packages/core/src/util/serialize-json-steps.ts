import { runSteps } from './run-steps.js';

/** Characters of JSON per native piece, and about the work done between two yields. */
export const JSON_SERIALIZE_CHUNK = 32_768;

/** Below this many characters of JSON (estimated), a value is serialized by one native `JSON.stringify`. */
export const JSON_SERIALIZE_THRESHOLD = 1_048_576;

export interface SerializeJsonStepsOptions {
  /** Characters per native piece and per step (default {@link JSON_SERIALIZE_CHUNK}). */
  chunk?: number;
  /** A value whose JSON is estimated shorter than this comes back as a string (default {@link JSON_SERIALIZE_THRESHOLD}). */
  threshold?: number;
}

/**
 * `JSON.stringify` in bounded steps: yields between pieces of about `chunk` characters of work. A value whose
 * JSON is small comes back as exactly `JSON.stringify(value)`; a larger one as the UTF-8 bytes of exactly that
 * text, built from pieces (one native `JSON.stringify` per batch of small subtrees, long strings escaped in
 * slices), so a 30 MB body holds the event loop well under a millisecond at a time instead of a hundred or more.
 *
 * Differences from `JSON.stringify`, none of which a parsed request body can show: getters may run twice
 * (the walk that sizes a subtree reads it, then the native call does; `toJSON` still runs once); a value
 * with no JSON (`undefined`, a function, a symbol) throws a TypeError instead of returning `undefined`;
 * nesting too deep for the native recursion serializes instead of throwing a RangeError.
 * Do not change the value while the steps run.
 *
 * @example
 * // Steps are short (a 30 MB body takes about a thousand): run them a few milliseconds at a time.
 * const steps = serializeJsonSteps(body);
 * let step = steps.next();
 * while (!step.done) {
 *   await new Promise((resolve) => setTimeout(resolve, 0));
 *   const until = performance.now() + 4;
 *   do step = steps.next();
 *   while (!step.done && performance.now() < until);
 * }
 * const payload = step.value; // string | Uint8Array, either is a fetch body
 */
export function* serializeJsonSteps(value: unknown, options: SerializeJsonStepsOptions = {}): Generator<void, string | Uint8Array<ArrayBuffer>, void> {
  const chunk = Math.max(1, Math.floor(options.chunk ?? JSON_SERIALIZE_CHUNK));
  const threshold = options.threshold ?? JSON_SERIALIZE_THRESHOLD;
  if (yield* jsonFitsUnder(value, threshold, chunk)) {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw noJson();
    return text;
  }
  return yield* new JsonByteWriter(value, chunk).run();
}

/** {@link serializeJsonSteps} run to the end without yielding: the same result, for tests and synchronous callers. */
export function serializeJsonBounded(value: unknown, options: SerializeJsonStepsOptions = {}): string | Uint8Array<ArrayBuffer> {
  return runSteps(serializeJsonSteps(value, options));
}

// Sizes are estimated in characters of JSON. A number costs more to print than its few characters, and the
// walk's own work per node (a frame, Object.keys) is counted as NODE_WORK characters of native stringify.
const NUMBER_COST = 8;
const LITERAL_COST = 5;
const TO_JSON_COST = 32;
const NODE_WORK = 16;
// TextEncoder and copying run far faster per character than escaping does.
const ENCODE_DIVISOR = 4;
const COPY_DIVISOR = 4;
/** Deeper subtrees are walked by us, not handed to the recursive native `JSON.stringify` (which overflows at a few thousand). */
const MAX_NATIVE_DEPTH = 256;

type Container = Record<string, unknown>;

function noJson(): TypeError {
  return new TypeError('The value has no JSON text (undefined, a function or a symbol), so there is nothing to send.');
}

/** What JSON.stringify omits from objects (and writes as null in arrays), `toJSON` aside. */
function hasNoJson(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isObjectLike(value: unknown): value is Container {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function hasToJson(value: Container): boolean {
  return typeof value.toJSON === 'function';
}

// Brand checks, as the spec's internal slots: instanceof would be fooled by another realm or a changed prototype.
const BOXES: [brand: (this: unknown) => unknown, unwrap: (boxed: object) => unknown][] = [
  [Number.prototype.valueOf, (boxed) => Number(boxed)],
  [String.prototype.valueOf, (boxed) => String(boxed)],
  [Boolean.prototype.valueOf, (boxed) => Boolean.prototype.valueOf.call(boxed)],
  [BigInt.prototype.valueOf, (boxed) => BigInt.prototype.valueOf.call(boxed)],
];

/** The primitive inside a Number, String, Boolean or BigInt object (JSON.stringify unwraps them), else `value`. */
function unbox(value: object): unknown {
  if (Array.isArray(value)) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return value;
  for (const [brand, unwrap] of BOXES) {
    try {
      brand.call(value);
    } catch {
      continue;
    }
    return unwrap(value);
  }
  return value;
}

/** Estimated JSON length of a primitive (or a function: nothing). */
function primitiveCost(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'number' || typeof value === 'bigint') return NUMBER_COST;
  return LITERAL_COST;
}

interface SizeFrame {
  container: Container;
  keys: string[] | null;
  index: number;
}

/**
 * Whether `value`'s JSON is estimated shorter than `limit`, walking no further than that: a large body costs a
 * walk of `limit` characters, not of the whole. `toJSON` is not called (its result is guessed small).
 */
function* jsonFitsUnder(value: unknown, limit: number, chunk: number): Generator<void, boolean, void> {
  const stack: SizeFrame[] = [];
  let size = 0;
  let work = 0;
  let node = value;
  for (;;) {
    if (!isObjectLike(node) || typeof node === 'function') size += primitiveCost(node);
    else if (hasToJson(node)) size += TO_JSON_COST;
    else {
      const inner = unbox(node);
      if (isObjectLike(inner)) {
        if (stack.length >= MAX_NATIVE_DEPTH) return false;
        const keys = Array.isArray(node) ? null : Object.keys(node);
        stack.push({ container: node, keys, index: 0 });
        size += 2;
      } else size += primitiveCost(inner);
    }
    if (size >= limit) return false;
    work += NODE_WORK;
    if (work >= chunk) {
      work = 0;
      yield;
    }
    let next: SizeFrame | undefined;
    while ((next = stack[stack.length - 1]) !== undefined) {
      const { container, keys } = next;
      const length = keys === null ? (container as unknown as unknown[]).length : keys.length;
      if (next.index < length) break;
      stack.pop();
    }
    if (next === undefined) return true;
    const i = next.index++;
    if (next.keys === null) {
      node = (next.container as unknown as unknown[])[i];
      size += 1;
    } else {
      const key = next.keys[i] as string;
      node = next.container[key];
      size += key.length + 4;
    }
  }
}

// The quick walk's own cost per node, in the same units (a recursive call and a typeof, no frame).
const QUICK_NODE_WORK = 4;
// Deeper small values take the frame walk: the quick walk recurses on the native stack.
const QUICK_DEPTH = 32;
// Nodes the last quick walk visited, for the work count (a module variable keeps the walk to one number a call).
let quickNodes = 0;

/**
 * The estimated JSON length of a plain value no larger than `budget`, or -1 when it is larger, deeper than
 * {@link QUICK_DEPTH}, or needs the careful walk (`toJSON`, a BigInt, a boxed primitive, a function). Stops
 * as soon as the budget is passed, so a large value costs at most a budget's walk here, once: a cycle too.
 */
function quickSize(value: unknown, budget: number, depth: number): number {
  quickNodes++;
  switch (typeof value) {
    case 'string':
      return value.length + 2 <= budget ? value.length + 2 : -1;
    case 'number':
      return NUMBER_COST;
    case 'boolean':
    case 'undefined':
    case 'symbol':
      return LITERAL_COST;
    case 'object': {
      if (value === null) return LITERAL_COST;
      if (depth >= QUICK_DEPTH || typeof (value as Container).toJSON === 'function') return -1;
      let size = 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = quickSize(value[i], budget - size, depth + 1);
          if (item < 0) return -1;
          size += item + 1;
          if (size > budget) return -1;
        }
        return size;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return -1;
      for (const key of Object.keys(value)) {
        size += key.length + 4;
        if (size > budget) return -1;
        const member = quickSize((value as Container)[key], budget - size, depth + 1);
        if (member < 0) return -1;
        size += member;
        if (size > budget) return -1;
      }
      return size;
    }
    default:
      return -1;
  }
}

const ROOT = 0;
const ARRAY = 1;
const OBJECT = 2;

interface WriteFrame {
  kind: typeof ROOT | typeof ARRAY | typeof OBJECT;
  container: Container;
  keys: string[] | null;
  length: number;
  /** Children started. */
  index: number;
  /** Children finished. */
  done: number;
  /** Key in an object parent (`""` under an array or the root, where none is written). */
  key: string;
  /** Size walked when this frame's member began: its subtree's size so far is `walked - base`. */
  base: number;
  committed: boolean;
  /** Committed frames: whether a member is written (the next needs a comma). */
  wrote: boolean;
  /** Committed frames: small members not yet written, as an array (ARRAY) or a key holder (OBJECT). */
  batch: unknown[] | Container | null;
  batchSize: number;
}

/** Text waiting to be escaped in slices: a long string value or key. */
interface LongString {
  text: string;
  at: number;
}

/**
 * The bytes path. Walks the value depth first without recursion. A frame stays tentative (nothing written) while
 * its subtree is small; a small finished subtree joins its parent's batch, written by one native stringify.
 * A frame commits (its bracket, then batches of its members) once its subtree passes `chunk`, has a member
 * needing care (a long string or key, `toJSON`, a BigInt) or is too deep; its ancestors commit with it, so
 * the committed frames are the bottom of the stack. Every node is walked once and stringified once.
 */
class JsonByteWriter {
  private readonly encoder = new TextEncoder();
  private readonly pieces: Uint8Array[] = [];
  private byteLength = 0;
  private text = '';
  private readonly queue: (string | LongString)[] = [];
  private readonly frames: WriteFrame[] = [];
  private committedCount = 0;
  private readonly committedContainers = new Set<unknown>();
  private walked = 0;
  private work = 0;

  constructor(
    value: unknown,
    private readonly chunk: number,
  ) {
    const root: WriteFrame = { ...this.frame({ value }, '', 0), kind: ROOT, keys: null, length: 1, committed: true };
    this.frames.push(root);
    this.committedCount = 1;
  }

  *run(): Generator<void, Uint8Array<ArrayBuffer>, void> {
    for (;;) {
      while (this.queue.length > 0) {
        this.writeQueued();
        if (this.work >= this.chunk) yield* this.pause();
      }
      const top = this.frames[this.frames.length - 1];
      if (top === undefined) break;
      if (top.index < top.length) this.visit(top);
      else this.finish(top);
      if (this.work >= this.chunk) yield* this.pause();
    }
    this.flushText();
    const bytes = new Uint8Array(this.byteLength);
    let offset = 0;
    for (const piece of this.pieces) {
      bytes.set(piece, offset);
      offset += piece.length;
      this.work += piece.length / COPY_DIVISOR;
      if (this.work >= this.chunk) yield* this.pause();
    }
    return bytes;
  }

  private *pause(): Generator<void, void, void> {
    this.work = 0;
    yield;
  }

  private frame(container: Container, key: string, base: number): WriteFrame {
    const keys = Array.isArray(container) ? null : Object.keys(container);
    const length = keys === null ? (container as unknown as unknown[]).length : keys.length;
    const kind = keys === null ? ARRAY : OBJECT;
    return { kind, container, keys, length, index: 0, done: 0, key, base, committed: false, wrote: false, batch: null, batchSize: 0 };
  }

  private visit(parent: WriteFrame): void {
    const i = parent.index++;
    const base = this.walked;
    let key = '';
    let value: unknown;
    if (parent.kind === ARRAY) {
      value = (parent.container as unknown as unknown[])[i];
      this.walked += 1;
    } else if (parent.kind === OBJECT) {
      key = (parent.keys as string[])[i] as string;
      value = parent.container[key];
      this.walked += key.length + 4;
    } else value = parent.container.value;
    this.work += NODE_WORK;
    // A member of a committed frame that is small is sized by one quick recursive walk and joins the batch:
    // the frame-per-container walk below costs several times the native stringify of what it walks.
    // (Not under a key longer than a chunk: the batch's one native stringify would hold the whole key.)
    if (parent.committed && parent.kind !== ROOT && key.length <= this.chunk && typeof value === 'object' && value !== null) {
      quickNodes = 0;
      const size = quickSize(value, this.chunk, 0);
      this.work += quickNodes * QUICK_NODE_WORK;
      if (size >= 0) {
        this.walked += size;
        this.childDone(parent, key, value, this.walked - base);
        return;
      }
    }
    if (key.length > this.chunk || typeof value === 'bigint' || (isObjectLike(value) && hasToJson(value))) {
      this.commitAll();
      this.visitPrepared(parent, key, this.prepare(value, parent.kind === ARRAY ? String(i) : key), base);
      return;
    }
    const inner = isObjectLike(value) && typeof value !== 'function' ? unbox(value) : value;
    if (isObjectLike(inner) && typeof inner !== 'function') this.open(inner, key, base);
    else if (typeof inner === 'string' && inner.length > this.chunk) {
      this.commitAll();
      this.writeAlone(parent, key, inner);
    } else {
      this.walked += primitiveCost(inner);
      this.childDone(parent, key, value, this.walked - base);
      this.commitOverflow();
    }
  }

  /** What JSON.stringify serializes in place of `value` under `key`: the result of `toJSON`, unboxed. */
  private prepare(value: unknown, key: string): unknown {
    let prepared = value;
    if (isObjectLike(value) || typeof value === 'bigint') {
      const toJson = (value as Container).toJSON;
      if (typeof toJson === 'function') prepared = toJson.call(value, key);
    }
    if (isObjectLike(prepared) && typeof prepared !== 'function') prepared = unbox(prepared);
    if (typeof prepared === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    return prepared;
  }

  /** A member whose `toJSON` already ran (or whose key is long), in a committed frame. */
  private visitPrepared(parent: WriteFrame, key: string, value: unknown, base: number): void {
    const longKey = key.length > this.chunk;
    const walkable = isObjectLike(value) && typeof value !== 'function';
    // A function here may carry a toJSON that a native call would run a second time.
    const alone = longKey || typeof value === 'function' || (typeof value === 'string' && value.length > this.chunk);
    if (walkable && !longKey && !hasToJson(value)) this.open(value, key, base);
    else if (!walkable && !alone) {
      this.walked += primitiveCost(value);
      this.childDone(parent, key, value, this.walked - base);
    } else this.writeAlone(parent, key, value);
  }

  private open(container: Container, key: string, base: number): void {
    this.walked += 2;
    this.frames.push(this.frame(container, key, base));
    this.commitOverflow();
  }

  /** A member written on its own, after its parent's batch: a long string or key, or an object whose `toJSON` must not run again. */
  private writeAlone(parent: WriteFrame, key: string, value: unknown): void {
    const omitted = hasNoJson(value);
    if (omitted && parent.kind === OBJECT) return;
    if (omitted && parent.kind === ROOT) throw noJson();
    this.flushBatch(parent);
    this.writePrefix(parent, key);
    if (omitted) this.write('null');
    else if (typeof value === 'string') this.writeString(value);
    else if (isObjectLike(value)) {
      const frame = this.frame(value, key, this.walked);
      this.frames.push(frame);
      this.commit(parent, frame, false);
    } else this.write(JSON.stringify(value));
  }

  private childDone(parent: WriteFrame, key: string, value: unknown, size: number): void {
    parent.done++;
    if (!parent.committed) return;
    if (parent.kind === ROOT) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) throw noJson();
      this.work += size;
      this.write(text);
      return;
    }
    if (parent.batch !== null && parent.batchSize + size > this.chunk) this.flushBatch(parent);
    if (parent.kind === ARRAY) ((parent.batch ??= []) as unknown[]).push(value);
    // Leaving omitted members out also keeps a member named toJSON from making the holder call it.
    else if (!hasNoJson(value)) ((parent.batch ??= Object.create(null) as Container) as Container)[key] = value;
    parent.batchSize += size;
  }

  private finish(frame: WriteFrame): void {
    this.frames.pop();
    const parent = this.frames[this.frames.length - 1];
    if (frame.committed) {
      this.committedCount--;
      this.committedContainers.delete(frame.container);
      this.flushBatch(frame);
      if (frame.kind === ARRAY) this.write(']');
      else if (frame.kind === OBJECT) this.write('}');
    } else if (parent !== undefined) {
      this.childDone(parent, frame.key, frame.container, this.walked - frame.base);
      this.commitOverflow();
    }
  }

  private commitAll(): void {
    while (this.committedCount < this.frames.length) this.commitOuter();
  }

  /** Commits the outermost tentative frames while they are too big or too deep for one native call. */
  private commitOverflow(): void {
    for (;;) {
      const outer = this.frames[this.committedCount];
      if (outer === undefined) return;
      if (this.walked - outer.base <= this.chunk && this.frames.length - this.committedCount <= MAX_NATIVE_DEPTH) return;
      this.commitOuter();
    }
  }

  private commitOuter(): void {
    this.commit(this.frames[this.committedCount - 1] as WriteFrame, this.frames[this.committedCount] as WriteFrame, true);
  }

  private commit(parent: WriteFrame, frame: WriteFrame, withPrefix: boolean): void {
    // Only a cycle brings a container back onto the stack; a tentative cycle grows until it commits.
    if (this.committedContainers.has(frame.container)) throw new TypeError('Converting circular structure to JSON');
    this.committedContainers.add(frame.container);
    if (withPrefix) {
      this.flushBatch(parent);
      this.writePrefix(parent, frame.key);
    }
    this.write(frame.kind === ARRAY ? '[' : '{');
    frame.committed = true;
    this.committedCount++;
    // The members already walked are small and free of toJSON (either would have committed the frame sooner).
    if (frame.done > 0) {
      if (frame.kind === ARRAY) {
        const items: unknown[] = [];
        for (let i = 0; i < frame.done; i++) items.push((frame.container as unknown as unknown[])[i]);
        frame.batch = items;
      } else {
        const holder = Object.create(null) as Container;
        for (const key of (frame.keys as string[]).slice(0, frame.done)) holder[key] = frame.container[key];
        frame.batch = holder;
      }
      frame.batchSize = this.walked - frame.base;
      this.flushBatch(frame);
    }
  }

  private writePrefix(parent: WriteFrame, key: string): void {
    if (parent.wrote) this.write(',');
    parent.wrote = true;
    if (parent.kind !== OBJECT) return;
    if (key.length > this.chunk) this.writeString(key);
    else this.write(JSON.stringify(key));
    this.write(':');
  }

  /** Writes the batch's members with one native stringify, without its brackets. */
  private flushBatch(frame: WriteFrame): void {
    if (frame.batch === null) {
      frame.batchSize = 0;
      return;
    }
    const text = JSON.stringify(frame.batch);
    this.work += frame.batchSize;
    frame.batch = null;
    frame.batchSize = 0;
    if (text.length === 2) return; // only omitted members
    if (frame.wrote) this.write(',');
    frame.wrote = true;
    this.write(text.slice(1, -1));
  }

  private writeString(text: string): void {
    if (this.queue.length === 0 && text.length <= this.chunk) this.write(JSON.stringify(text));
    else this.queue.push({ text, at: 0 });
  }

  private write(text: string): void {
    if (this.queue.length > 0) this.queue.push(text);
    else this.append(text);
  }

  /** Writes the queue's head, or one slice of it when it is a long string. */
  private writeQueued(): void {
    const head = this.queue[0] as string | LongString;
    if (typeof head === 'string') {
      this.queue.shift();
      this.append(head);
      return;
    }
    const { text, at } = head;
    let end = Math.min(text.length, at + this.chunk);
    // Escaping a slice equals escaping the whole, except that the halves of a cut surrogate pair would each be
    // escaped as lone surrogates: keep a pair together.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end))) {
      end += end - 1 > at ? -1 : 1;
    }
    const escaped = JSON.stringify(text.slice(at, end));
    this.append(escaped.slice(at === 0 ? 0 : 1, end === text.length ? escaped.length : -1));
    this.work += end - at;
    head.at = end;
    if (end === text.length) this.queue.shift();
  }

  private append(text: string): void {
    this.text += text;
    if (this.text.length >= this.chunk) this.flushText();
  }

  private flushText(): void {
    if (this.text.length === 0) return;
    const bytes = this.encoder.encode(this.text);
    this.work += this.text.length / ENCODE_DIVISOR;
    this.text = '';
    this.pieces.push(bytes);
    this.byteLength += bytes.length;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
