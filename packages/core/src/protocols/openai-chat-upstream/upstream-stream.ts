/** A Chat provider's stream is already the Chat SSE body the front doors read: it passes as it came. */
export function chatSseAsChatSse(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return body;
}
