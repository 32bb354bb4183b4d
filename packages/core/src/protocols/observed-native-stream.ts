import type { EventSourceMessage } from 'eventsource-parser';
import type { RelayError } from '../errors/relay-error.js';
import { observeEventStream } from '../sse/observe-event-stream.js';
import type { Usage } from '../types/chat.js';
import type { AnswerStreamOptions } from './front-door.js';

/** Reads one event of a protocol's stream: usage so far, and whether this event ended the answer. */
export type StreamObserver = (event: EventSourceMessage) => { usage?: Usage; ended: boolean };

/**
 * An upstream stream in the client's own protocol, passed through byte for byte while a copy is read for
 * usage and its end (see `observeEventStream`); a failure half-way ends with the protocol's `errorEvent`.
 */
export function observedNativeStream(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions, observe: StreamObserver, errorEvent: (error: RelayError) => string): ReadableStream<Uint8Array> {
  const onEvent = (event: EventSourceMessage) => {
    const seen = observe(event);
    if (seen.usage !== undefined) options.onUsage(seen.usage);
    return seen.ended;
  };
  return observeEventStream(body, Object.assign(options, { onEvent, errorEvent }));
}
