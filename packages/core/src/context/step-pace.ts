/**
 * How often the context engine's loops yield to a cooperative scheduler: every this many messages. A
 * message costs the loops from a tenth of a microsecond to a few (a cache lookup per string), so a step
 * stays under about a millisecond whatever the request holds, and the synchronous callers, which run the
 * steps straight through, pay one check per message.
 */
export const MESSAGES_PER_STEP = 1_024;

/** True every `MESSAGES_PER_STEP`-th index: the loop should yield there. */
export function isStepEnd(index: number): boolean {
  return index % MESSAGES_PER_STEP === MESSAGES_PER_STEP - 1;
}
