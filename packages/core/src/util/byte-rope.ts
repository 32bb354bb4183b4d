import { lastAtOrBefore } from './last-at-or-before.js';

/**
 * A body as the pieces it arrived in, read by position without ever joining them: joining 30 MB is one
 * step of 100 ms or more on a small machine (the memory is new and must be touched).
 */
export class ByteRope {
  readonly size: number;
  /** Where each chunk starts in the whole. */
  private readonly starts: number[] = [];
  private last = 0;

  constructor(readonly chunks: readonly Uint8Array[]) {
    let size = 0;
    for (const chunk of chunks) {
      this.starts.push(size);
      size += chunk.byteLength;
    }
    this.size = size;
  }

  /** The byte at `pos` (0 <= pos < size). Reads near the last one are found without a search. */
  at(pos: number): number {
    const k = this.chunkAt(pos);
    return (this.chunks[k] as Uint8Array)[pos - (this.starts[k] as number)] as number;
  }

  /** Index of the chunk holding `pos`. */
  chunkAt(pos: number): number {
    const starts = this.starts;
    const k = this.last;
    if (pos >= (starts[k] as number) && pos < (starts[k] as number) + (this.chunks[k] as Uint8Array).byteLength) return k;
    let low = lastAtOrBefore(starts, pos);
    // Empty chunks share a start with the next: take the one that holds bytes.
    while (low < starts.length - 1 && (this.chunks[low] as Uint8Array).byteLength === 0) low += 1;
    this.last = low;
    return low;
  }

  /** Where chunk `k` starts in the whole. */
  startOf(k: number): number {
    return this.starts[k] as number;
  }

  /**
   * How many bytes, each equal to one of `a` to `d`, end just before `end`, counting back no further than
   * `start`: chunk by chunk in a plain loop (a 30 MB run of backslashes or spaces took 440 ms read through
   * `at`, about 20 ms so).
   */
  runBefore(end: number, start: number, a: number, b = a, c = a, d = a): number {
    let at = end;
    while (at > start) {
      const k = this.chunkAt(at - 1);
      const chunk = this.chunks[k] as Uint8Array;
      const base = this.starts[k] as number;
      const low = Math.max(start, base) - base;
      let i = at - 1 - base;
      for (; i >= low; i -= 1) {
        const byte = chunk[i];
        if (byte !== a && byte !== b && byte !== c && byte !== d) return end - (base + i + 1);
      }
      at = base + low;
    }
    return end - at;
  }

  /** The bytes from `from` to `to` in one array: a view when one chunk holds them, else a copy. */
  bytes(from: number, to: number): Uint8Array {
    const views = [...this.views(from, to)];
    if (views.length === 1) return views[0] as Uint8Array;
    const bytes = new Uint8Array(to - from);
    let offset = 0;
    for (const view of views) {
      bytes.set(view, offset);
      offset += view.byteLength;
    }
    return bytes;
  }

  /** Views (no copies) of the bytes from `from` to `to`, in order. */
  *views(from: number, to: number): Generator<Uint8Array, void, void> {
    if (from >= to) return;
    for (let k = this.chunkAt(from); k < this.chunks.length; k += 1) {
      const start = this.starts[k] as number;
      if (start >= to) return;
      const chunk = this.chunks[k] as Uint8Array;
      yield chunk.subarray(Math.max(0, from - start), Math.min(chunk.byteLength, to - start));
    }
  }
}
