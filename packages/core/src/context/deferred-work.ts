import { TextMap } from '../util/text-map.js';
import type { ArgumentsRead } from './cap-message.js';
import type { CappedText } from './cap-text.js';
import type { EncodingName } from './tokenizer.js';

/** A cut the engine asked for while its counts were not all known yet. */
export interface DeferredCap {
  text: string;
  maxTokens: number;
  encoding: EncodingName;
}

/**
 * What one request's preparation has counted and cut so far, kept for the whole preparation whatever room
 * the process-wide caches have: a string too large for a cache, or evicted by other requests' strings
 * between two rounds, is not counted again (and so never synchronously).
 */
export class PreparedWork {
  // Keyed by the text itself, one map per encoding and per cut limit: a key built by concatenation would
  // copy a 20 MB text at every lookup.
  private readonly counts: Record<EncodingName, TextMap<number>> = { o200k_base: new TextMap(), cl100k_base: new TextMap() };
  private readonly caps = new TextMap<Map<string, CappedText>>();
  private readonly reads = new TextMap<ArgumentsRead | null>();

  /** The count if done, -1 while it waits to be counted (see `DeferredWork.deferCount`), undefined if never asked for. */
  count(text: string, encoding: EncodingName): number | undefined {
    return this.counts[encoding].get(text);
  }

  rememberCount(text: string, encoding: EncodingName, count: number): void {
    this.counts[encoding].set(text, count);
  }

  cap(text: string, maxTokens: number, encoding: EncodingName): CappedText | undefined {
    return this.caps.get(text)?.get(`${encoding}:${maxTokens}`);
  }

  /** What reading a long text (a tool call's JSON arguments) gave, if it was read; `undefined` if not. */
  read(text: string): ArgumentsRead | null | undefined {
    return this.reads.get(text);
  }

  rememberRead(text: string, result: ArgumentsRead | null): void {
    this.reads.set(text, result);
  }

  rememberCap(text: string, maxTokens: number, encoding: EncodingName, result: CappedText): void {
    let byLimit = this.caps.get(text);
    if (byLimit === undefined) {
      byLimit = new Map();
      this.caps.set(text, byLimit);
    }
    byLimit.set(`${encoding}:${maxTokens}`, result);
    this.rememberCount(result.text, encoding, result.tokens);
  }
}

/**
 * The expensive steps one synchronous run of the context engine asked for, instead of doing them: token
 * counts of strings not yet known, and text cuts not yet made. The relay handler runs the engine once
 * collecting them, does them in slices between which other requests get the event loop, and runs the
 * engine again with them known (see `prepareCooperatively`).
 */
export class DeferredWork {
  /** Strings to count, each once, with their encoding alongside. */
  readonly counts: string[] = [];
  readonly encodings: EncodingName[] = [];
  readonly caps: DeferredCap[] = [];
  /** Long texts to read (parse) in slices, each once. */
  readonly reads: string[] = [];
  private readonly queuedReads = new TextMap<true>();

  constructor(readonly done: PreparedWork = new PreparedWork()) {}

  get empty(): boolean {
    return this.counts.length === 0 && this.caps.length === 0 && this.reads.length === 0;
  }

  /**
   * Records a string the preparation has not asked for before (its `count` is undefined) and answers a rough
   * figure, good enough for the run that is thrown away. The string goes into the preparation's map at once,
   * as waiting: its count later replaces that entry, and growing a map by 50,000 new strings costs far more
   * than updating them (one map, not two).
   */
  deferCount(text: string, encoding: EncodingName): number {
    this.done.rememberCount(text, encoding, -1);
    this.counts.push(text);
    this.encodings.push(encoding);
    return roughCount(text);
  }

  deferRead(text: string): void {
    if (this.queuedReads.has(text)) return;
    this.queuedReads.set(text, true);
    this.reads.push(text);
  }

  /** A cut is only worth doing once every count it depends on is real. */
  shouldDeferCap(): boolean {
    // A text read as arguments is cut as its largest string, once read: cutting the raw text would be wasted.
    return this.counts.length === 0 && this.reads.length === 0;
  }

  deferCap(cap: DeferredCap): void {
    this.caps.push(cap);
  }
}

/** The stand-in for a count not made yet, in a run that is thrown away. */
export function roughCount(text: string): number {
  return Math.ceil(text.length / 3);
}

let active: DeferredWork | undefined;

export function activeDeferral(): DeferredWork | undefined {
  return active;
}

/**
 * Steps run with expensive work deferred into `work`: the deferral is active only while one of these
 * steps runs, so steps of other requests interleaved with them on the scheduler defer into their own.
 */
export function* deferringSteps<T>(steps: Generator<void, T, void>, work: DeferredWork): Generator<void, T, void> {
  for (;;) {
    const previous = active;
    active = work;
    let next: IteratorResult<void, T>;
    try {
      next = steps.next();
    } finally {
      active = previous;
    }
    if (next.done === true) return next.value;
    yield;
  }
}
