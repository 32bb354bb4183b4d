import { waitUnlessAborted } from '../util/wait-unless-aborted.js';

export interface StreamStats {
  completed: number;
  aborted: number;
}

/**
 * A response body that sends framed SSE writes (an event, or a few that go together) one by one: `delayMs`
 * before each, and after `dropAfter` writes the connection breaks (the stream errors, with no message_stop),
 * as a failing upstream does.
 * Counts a stream read to its end as completed, and one the client cancelled as aborted.
 */
export function sseEventStream(events: readonly string[], delayMs: number, dropAfter: number | undefined, stats: StreamStats, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  let ended = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (dropAfter !== undefined && index >= dropAfter) {
        ended = true;
        controller.error(new Error('fake provider dropped the connection'));
        return;
      }
      if (delayMs > 0 && !(await waitUnlessAborted(delayMs, signal))) return;
      const event = events[index];
      index += 1;
      if (event === undefined) {
        ended = true;
        stats.completed += 1;
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(event));
    },
    cancel() {
      if (!ended) stats.aborted += 1;
      ended = true;
    },
  });
}
