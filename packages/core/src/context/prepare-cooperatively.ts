import { clientClosedError } from '../errors/client-closed-error.js';
import { capText } from './cap-text.js';
import { collectDeferred, type DeferredWork } from './deferred-work.js';
import { countSteps, isCounted, rememberCount } from './tokenizer.js';

export interface CooperativeOptions {
  /** Longest stretch of work between two yields to the event loop. Default 8 ms. */
  sliceMs?: number;
  /** Stops the work when the client has gone. */
  signal?: AbortSignal;
}

// Counts feed cuts and cuts feed counts, so a run can uncover more work; a few rounds settle any request.
const MAX_ROUNDS = 6;

/**
 * Runs a synchronous context-engine step (`truncateContext`, `estimateTokens`, ...) without holding the
 * event loop for long: the step is first run collecting the token counts and cuts it needs but that are
 * not cached; those are done in slices of at most `sliceMs`, between which other requests and streams get
 * the event loop; then the step runs again on warm caches. The result is what the step gives run directly.
 *
 * @example const { messages } = await prepareCooperatively(() => truncateContext(history, options));
 */
export async function prepareCooperatively<T>(run: () => T, options: CooperativeOptions = {}): Promise<T> {
  const slicer = new Slicer(options.sliceMs ?? 8, options.signal);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const attempt = collectDeferred(run);
    if (attempt.work.empty) {
      if (attempt.failed) throw attempt.error;
      return attempt.result as T;
    }
    await doWork(attempt.work, slicer);
  }
  return run();
}

async function doWork(work: DeferredWork, slicer: Slicer): Promise<void> {
  for (const [text, encoding] of work.counts) {
    if (isCounted(text, encoding)) continue;
    const steps = countSteps(text, encoding);
    for (;;) {
      const next = steps.next();
      if (next.done === true) {
        rememberCount(text, encoding, next.value);
        break;
      }
      await slicer.maybeYield();
    }
    await slicer.maybeYield();
  }
  for (const cap of work.caps) {
    capText(cap.text, cap.maxTokens, cap.encoding);
    await slicer.maybeYield();
  }
}

class Slicer {
  private started = now();

  constructor(
    private readonly sliceMs: number,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async maybeYield(): Promise<void> {
    if (now() - this.started < this.sliceMs) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.signal?.aborted === true) throw clientClosedError();
    this.started = now();
  }
}

function now(): number {
  return performance.now();
}
