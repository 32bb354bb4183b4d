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

  next(): FakeFailure | undefined {
    const head = this.queue[0];
    if (head === undefined) return undefined;
    head.left -= 1;
    if (head.left <= 0) this.queue.shift();
    return head.failure;
  }
}
