import type { EncodingName } from './tokenizer.js';

/** A cut the engine asked for while its counts were not all known yet. */
export interface DeferredCap {
  text: string;
  maxTokens: number;
  encoding: EncodingName;
}

/**
 * The expensive steps one synchronous run of the context engine asked for, instead of doing them: token
 * counts of strings not in the cache, and text cuts not in the cut cache. The relay handler runs the
 * engine once collecting them, does them in slices between which other requests get the event loop, and
 * runs the engine again on warm caches (see `prepareCooperatively`).
 */
export class DeferredWork {
  readonly counts = new Map<string, EncodingName>();
  readonly caps: DeferredCap[] = [];

  get empty(): boolean {
    return this.counts.size === 0 && this.caps.length === 0;
  }

  /** Records the string and answers a rough figure, good enough for the run that is thrown away. */
  deferCount(text: string, encoding: EncodingName): number {
    this.counts.set(text, encoding);
    return Math.ceil(text.length / 3);
  }

  /** A cut is only worth doing once every count it depends on is real. */
  shouldDeferCap(): boolean {
    return this.counts.size === 0;
  }

  deferCap(cap: DeferredCap): void {
    this.caps.push(cap);
  }
}

let active: DeferredWork | undefined;

export function activeDeferral(): DeferredWork | undefined {
  return active;
}

/** Runs `run` synchronously with expensive steps deferred into the returned work list. */
export function collectDeferred<T>(run: () => T): { work: DeferredWork; result?: T; error?: unknown; failed: boolean } {
  const work = new DeferredWork();
  const previous = active;
  active = work;
  try {
    return { work, result: run(), failed: false };
  } catch (error) {
    return { work, error, failed: true };
  } finally {
    active = previous;
  }
}
