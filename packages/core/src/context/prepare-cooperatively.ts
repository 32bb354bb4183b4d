import { CooperativeScheduler, sharedScheduler } from './cooperative-scheduler.js';
import { capTextSteps } from './cap-text.js';
import { collectDeferred, type DeferredWork } from './deferred-work.js';
import { countSteps, isCounted, rememberCount } from './tokenizer.js';

export interface CooperativeOptions {
  /** Longest stretch of work between two yields to the event loop. Default: the shared scheduler's 8 ms. */
  sliceMs?: number;
  /** Stops the work when the client has gone. */
  signal?: AbortSignal;
}

// Counts feed cuts and cuts feed counts, so a run can uncover more work; a few rounds settle any request.
const MAX_ROUNDS = 6;

/**
 * Runs a synchronous context-engine step (`truncateContext`, `estimateTokens`, ...) without holding the
 * event loop for long: the step is first run collecting the token counts and cuts it needs but that are
 * not cached; those are done in slices of at most `sliceMs` on a scheduler shared by all requests, between
 * which other requests and streams get the event loop; then the step runs again on warm caches. The
 * result is what the step gives when run directly.
 *
 * @example const { messages } = await prepareCooperatively(() => truncateContext(history, options));
 */
export async function prepareCooperatively<T>(run: () => T, options: CooperativeOptions = {}): Promise<T> {
  const scheduler = options.sliceMs === undefined ? sharedScheduler : new CooperativeScheduler(options.sliceMs);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const attempt = collectDeferred(run);
    if (attempt.work.empty) {
      if (attempt.failed) throw attempt.error;
      return attempt.result as T;
    }
    await scheduler.run(doWork(attempt.work), options.signal);
  }
  return run();
}

/** All the deferred work as one job, so a request with a thousand new strings takes no thousand turns. */
function* doWork(work: DeferredWork): Generator<void, void, void> {
  for (const [text, encoding] of work.counts) {
    if (!isCounted(text, encoding)) rememberCount(text, encoding, yield* countSteps(text, encoding));
  }
  for (const cap of work.caps) yield* capTextSteps(cap.text, cap.maxTokens, cap.encoding);
}
