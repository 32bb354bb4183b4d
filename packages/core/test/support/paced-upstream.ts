/** An upstream body for stream-stage tests: each piece after `delayMs`, then closed, failed or left hanging. */
export function pacedUpstream(pieces: string[], end: 'close' | 'error' | 'hang' = 'close', delayMs = 0): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const piece = pieces[index];
      index += 1;
      if (piece !== undefined) return controller.enqueue(encoder.encode(piece));
      if (end === 'close') controller.close();
      else if (end === 'error') controller.error(new Error('connection reset'));
      else await new Promise(() => undefined);
    },
  });
}
