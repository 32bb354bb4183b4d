import { describe, expect, it } from 'vitest';
import type { RelayError } from '../errors/relay-error.js';
import { observeEventStream } from './observe-event-stream.js';

function body(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

const observe = (text: string) =>
  new Response(
    observeEventStream(body(text), {
      idleTimeoutMs: 1_000,
      onEvent: (event) => event.event === 'message_stop',
      errorEvent: (error: RelayError) => `event: error\ndata: ${JSON.stringify({ message: error.message })}\n\n`,
    }),
  ).text();

describe('observeEventStream', () => {
  it('passes the bytes through unchanged', async () => {
    const text = 'event: message_start\ndata: {"a":1}\n\nevent: message_stop\ndata: {}\n\n';
    expect(await observe(text)).toBe(text);
  });

  it('ends a cut event before its own error event, so the client reads the error as an event', async () => {
    const out = await observe('event: content_block_delta\ndata: {"type":"content_blo');
    expect(out).toMatch(/content_blo\n\nevent: error\ndata: \{"message":"The upstream closed the stream before it finished"\}\n\n$/);
  });

  it('ends a last event the upstream did not end with a blank line', async () => {
    expect(await observe('event: message_stop\ndata: {}')).toBe('event: message_stop\ndata: {}\n\n');
  });
});
