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
  constructor(private readonly writeChunk: (chunk: string) => void = (chunk) => writeAll(1, chunk)) {}

  /** Writes `lines` (whole lines, each ending in a newline) in whole-line writes of at most PIPE_BUF bytes. */
  write(lines: string): boolean {
    let start = 0;
    let bytes = 0;
    let from = 0;
    while (from < lines.length) {
      const end = lines.indexOf('\n', from) + 1 || lines.length;
      const size = Buffer.byteLength(lines.slice(from, end));
      if (bytes > 0 && bytes + size > PIPE_BUF) {
        this.writeChunk(lines.slice(start, from));
        start = from;
        bytes = 0;
      }
      bytes += size;
      from = end;
    }
    if (bytes > 0) this.writeChunk(lines.slice(start));
    return true;
  }
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text);
  let offset = 0;
  // A blocking descriptor writes everything at once; a non-blocking one (EAGAIN) is retried until it takes it.
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
