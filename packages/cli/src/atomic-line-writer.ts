import { writeSync } from 'node:fs';

/**
 * POSIX makes a write of at most PIPE_BUF bytes to a pipe atomic (Linux: 4,096): no other process's write
 * lands inside it. A container's stdout is a pipe to the runtime.
 */
const PIPE_BUF = 4_096;

/**
 * The destination of log lines for a process that shares its stdout with others (the workers of
 * `--workers n`), behind a `LineBatcher`: each batch of whole lines is written synchronously in writes of
 * whole lines of at most 4,096 bytes each, so the lines of two workers never interleave mid-line in a pipe.
 * The buffered writer a single process uses can end a write inside a line when the pipe is full and write
 * the rest later, after another worker's bytes. A line longer than 4,096 bytes goes in a write of its own
 * and can still be split by the kernel; request lines are a few hundred bytes.
 */
export class AtomicLineWriter {
  constructor(private readonly writeChunk: (chunk: Uint8Array) => void = (chunk) => writeAll(1, chunk)) {}

  /** Writes `lines` (whole lines, each ending in a newline) in whole-line writes of at most PIPE_BUF bytes. */
  write(lines: string): boolean {
    // Encoded once; lines are cut at their newline bytes, which UTF-8 never uses inside a character.
    const bytes = Buffer.from(lines);
    let start = 0;
    let from = 0;
    while (from < bytes.length) {
      const end = bytes.indexOf(NEWLINE, from) + 1 || bytes.length;
      if (from > start && end - start > PIPE_BUF) {
        this.writeChunk(bytes.subarray(start, from));
        start = from;
      }
      from = end;
    }
    if (start < bytes.length) this.writeChunk(bytes.subarray(start));
    return true;
  }
}

const NEWLINE = 0x0a;
// A full non-blocking pipe is waited on in 1 ms sleeps, not retried in a busy loop that burns the core.
const pause = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  // A blocking descriptor writes everything at once; a non-blocking one (EAGAIN) is retried until it takes it,
  // synchronously: a later batch must not overtake this one, nor another worker's write land inside it.
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
