import { relayEventStream } from '../../sse/relay-event-stream.js';
import type { AnswerStreamOptions } from '../front-door.js';

// Module-level, not closures made per request: a stream lives for minutes and must not keep the request alive.

/** A Chat SSE body to a Chat client that asked for usage: passed on event by event. */
export function chatStreamWithUsage(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array> {
  return relayEventStream(body, Object.assign(options, { stripUsage: false }));
}

/** The same for a client that did not: the usage the relay asked for on its own behalf is taken out again. */
export function chatStreamWithoutUsage(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array> {
  return relayEventStream(body, Object.assign(options, { stripUsage: true }));
}
