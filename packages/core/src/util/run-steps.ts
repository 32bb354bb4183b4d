/**
 * Runs steps (a generator that yields between small pieces of work) straight through: the synchronous form
 * of work written to be sliced on a cooperative scheduler.
 *
 * @example runSteps(truncateContextSteps(messages, options)) // what truncateContext(messages, options) gives
 */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}
