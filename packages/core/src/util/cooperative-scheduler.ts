import { clientClosedError } from '../errors/client-closed-error.js';

interface Job {
  steps: Generator<void, unknown, void>;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

// Node runs every timer that is due in one go, so slices resumed by `setTimeout(0)` can starve socket
// reads; `setImmediate` (Node, Bun, Deno) runs after the poll phase and so lets I/O in between slices.
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    if (immediate !== undefined) immediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/**
 * Runs step functions (generators that yield between small pieces of work) from any number of requests
 * round-robin, and gives the event loop a turn every `sliceMs`. One queue for the whole process: with a
 * queue per request, ten big requests would each take a slice before a health check got its turn.
 */
export class CooperativeScheduler {
  private readonly jobs: Job[] = [];
  private running = false;

  constructor(private readonly sliceMs: number) {}

  run<T>(steps: Generator<void, T, void>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ steps, signal, resolve: resolve as (value: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        void this.loop();
      }
    });
  }

  private async loop(): Promise<void> {
    while (this.jobs.length > 0) {
      const sliceEnd = performance.now() + this.sliceMs;
      // At least one step a turn, whatever the slice, so every job makes progress.
      do this.step(this.jobs.shift() as Job);
      while (this.jobs.length > 0 && performance.now() < sliceEnd);
      await nextTurn();
    }
    this.running = false;
  }

  private step(job: Job): void {
    if (job.signal?.aborted === true) {
      job.reject(clientClosedError());
      return;
    }
    try {
      const next = job.steps.next();
      if (next.done === true) job.resolve(next.value);
      else this.jobs.push(job);
    } catch (error) {
      job.reject(error);
    }
  }
}

/** The process-wide scheduler the relay handler's context preparation runs on. */
export const sharedScheduler = new CooperativeScheduler(8);

// Work that finishes within this much inline is done at once: a small request pays no turn of the loop.
const INLINE_MS = 1;

/**
 * Runs steps inline while they finish within about a millisecond (the common, small case, at no cost in
 * latency), and hands what is left to the shared scheduler, in slices between which others run.
 */
export function runCooperatively<T>(steps: Generator<void, T, void>, signal?: AbortSignal): Promise<T> {
  const until = performance.now() + INLINE_MS;
  for (;;) {
    const next = steps.next();
    if (next.done === true) return Promise.resolve(next.value);
    if (performance.now() >= until) return sharedScheduler.run(steps, signal);
  }
}
