export interface CrashBudgetOptions {
  /** Restarts allowed within `windowMs`; the next crash gives up. */
  maxRestarts: number;
  windowMs: number;
  /** Wait before the first restart in a window; each further one waits twice as long, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_CRASH_BUDGET: CrashBudgetOptions = { maxRestarts: 5, windowMs: 60_000, firstDelayMs: 100, maxDelayMs: 5_000 };

/**
 * How long to wait before restarting a worker that died, or that it is time to give up: a worker that
 * crashes as it starts would otherwise be forked again and again as fast as the machine allows.
 *
 * @example
 * const budget = new CrashBudget();
 * budget.record(Date.now()); // 100 (ms), then 200, 400, 800, 1600, then undefined: give up
 */
export class CrashBudget {
  #crashes: number[] = [];

  constructor(private readonly options: CrashBudgetOptions = DEFAULT_CRASH_BUDGET) {}

  /** Records a crash at `now` (ms): the delay before the restart, or `undefined` when the budget is spent. */
  record(now: number): number | undefined {
    this.#crashes = this.#crashes.filter((at) => now - at < this.options.windowMs);
    this.#crashes.push(now);
    const count = this.#crashes.length;
    if (count > this.options.maxRestarts) return undefined;
    return Math.min(this.options.firstDelayMs * 2 ** (count - 1), this.options.maxDelayMs);
  }

  /** Crashes within the window ending at the last one recorded. */
  get recent(): number {
    return this.#crashes.length;
  }
}
