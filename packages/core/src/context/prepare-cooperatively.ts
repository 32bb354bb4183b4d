import { CooperativeScheduler, runCooperatively } from '../util/cooperative-scheduler.js';
import { readArgumentsSteps } from './cap-message.js';
import { capTextSteps } from './cap-text.js';
import { DeferredWork, deferringSteps, PreparedWork } from './deferred-work.js';
import { cachedCount, countSteps, type EncodingName, rememberCount } from './tokenizer.js';

export interface CooperativeOptions {
  /** Longest stretch of work between two yields to the event loop. Default: the shared scheduler's 8 ms. */
  sliceMs?: number;
  /** Stops the work when the client has gone. */
  signal?: AbortSignal;
}

// Counts feed cuts and cuts feed counts, so a run can uncover more work: counts first, then the cuts they
// call for, then (rarely) cuts at a tighter limit once the first cuts are measured. Nothing done is ever
// redone (see PreparedWork), so every round is new work and a few settle any request.
const MAX_ROUNDS = 8;
// About 0.1 to 0.3 ms of BPE on short strings: the scheduler checks its slice between steps.
const STRINGS_PER_STEP = 64;

/**
 * Runs a synchronous context-engine step (`truncateContext`, `estimateTokens`, ...) without holding the
 * event loop for long: the step is first run collecting the token counts and cuts it needs but that are
 * not known yet; those are done in slices of at most `sliceMs` on a scheduler shared by all requests,
 * between which other requests and streams get the event loop, and kept for this preparation whatever
 * the process-wide caches hold; then the step runs again with them known. The result is what the step
 * gives when run directly.
 *
 * @example const { messages } = await prepareCooperatively(() => truncateContext(history, options));
 */
export function prepareCooperatively<T>(run: () => T, options: CooperativeOptions = {}): Promise<T> {
  // One step: the work it asks for is still done in slices, between runs.
  // biome-ignore lint/correctness/useYield: a single step on purpose; the scheduler slices between runs.
  return prepareStepsCooperatively(function* () {
    return run();
  }, options);
}

/**
 * `prepareCooperatively` for an engine step written as steps (`truncateContextSteps`, `estimateTokensSteps`,
 * ...): its own passes over the messages are sliced too, not only the counting and cutting they call for,
 * so no part of a request's preparation holds the event loop for long, whatever the number of messages.
 *
 * @example const { messages } = await prepareStepsCooperatively(() => truncateContextSteps(history, options));
 */
export async function prepareStepsCooperatively<T>(steps: () => Generator<void, T, void>, options: CooperativeOptions = {}): Promise<T> {
  // Inline while it takes under a millisecond (an ordinary request: no turn of the event loop to wait
  // for, which cost a small request 40 us), on the shared scheduler's slices beyond that.
  const scheduler = options.sliceMs === undefined ? undefined : new CooperativeScheduler(options.sliceMs);
  const run = <R>(steps: Generator<void, R, void>): Promise<R> => (scheduler === undefined ? runCooperatively(steps, options.signal) : scheduler.run(steps, options.signal));
  const done = new PreparedWork();
  for (let round = 0; ; round += 1) {
    const work = new DeferredWork(done);
    // The last round runs with nothing deferred: whatever it still needs, it does in its own steps.
    const attempt = round === MAX_ROUNDS ? steps() : deferringSteps(steps(), work);
    let result: T;
    try {
      result = await run(attempt);
    } catch (error) {
      // A run on rough counts can fail where the real counts fit; only a run that needed nothing is final.
      if (work.empty) throw error;
      await run(doWork(work));
      continue;
    }
    if (work.empty) return result;
    await run(doWork(work));
  }
}

/** All the deferred work as one job, so a request with a thousand new strings takes no thousand turns. */
function* doWork(work: DeferredWork): Generator<void, void, void> {
  let sinceYield = 0;
  for (let i = 0; i < work.counts.length; i += 1) {
    const text = work.counts[i] as string;
    const encoding = work.encodings[i] as EncodingName;
    // Short strings never yield inside countSteps: without this, 50,000 of them are one step.
    if ((sinceYield += 1) === STRINGS_PER_STEP) {
      sinceYield = 0;
      yield;
    }
    let count = cachedCount(text, encoding);
    if (count === undefined) {
      count = yield* countSteps(text, encoding);
      rememberCount(text, encoding, count);
    }
    work.done.rememberCount(text, encoding, count);
  }
  for (const text of work.reads) work.done.rememberRead(text, yield* readArgumentsSteps(text));
  for (const cap of work.caps) {
    const counted = work.done.count(cap.text, cap.encoding);
    work.done.rememberCap(cap.text, cap.maxTokens, cap.encoding, yield* capTextSteps(cap.text, cap.maxTokens, cap.encoding, counted !== undefined && counted >= 0 ? counted : undefined));
  }
}
