import { waitUnlessAborted } from '../util/wait-unless-aborted.js';

/**
 * A fake provider's pause (a hang it was told to play, the delay before a whole answer): undefined once
 * `ms` have passed, or, when the client gave up first, the 499 to answer with (counted as aborted).
 */
export async function waitOrAbandon(ms: number, signal: AbortSignal, stats: { aborted: number }): Promise<Response | undefined> {
  if (ms <= 0 || (await waitUnlessAborted(ms, signal))) return undefined;
  stats.aborted += 1;
  return new Response(null, { status: 499 });
}
