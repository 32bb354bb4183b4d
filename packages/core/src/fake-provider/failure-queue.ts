import type { FakeFailure } from './fake-options.js';

/** The failures a fake provider was told to inject, used up in order, each `times` times. */
export class FailureQueue {
  private readonly queue: { failure: FakeFailure; left: number }[];

  constructor(failures: readonly FakeFailure[] = []) {
    this.queue = failures.map((failure) => ({ failure, left: failure.times ?? 1 }));
  }

  push(failure: FakeFailure): void {
    this.queue.push({ failure, left: failure.times ?? 1 });
  }

  /** The next failure for a request made with `key`: the first queued one that names no key, or this one. */
  next(key?: string): FakeFailure | undefined {
    const index = this.queue.findIndex(({ failure }) => !('key' in failure) || failure.key === undefined || failure.key === key);
    const found = this.queue[index];
    if (found === undefined) return undefined;
    found.left -= 1;
    if (found.left <= 0) this.queue.splice(index, 1);
    return found.failure;
  }
}
