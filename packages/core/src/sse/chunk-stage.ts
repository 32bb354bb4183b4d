/**
 * A step on a streamed Chat answer between the upstream and the client, chunk by chunk (tool-call repair is
 * one). `push` returns the chunks to send instead of this one, or `undefined` for "send it as it came", so
 * a chunk nobody touched keeps its bytes.
 */
export interface ChunkStage {
  push(chunk: Record<string, unknown>): Record<string, unknown>[] | undefined;
  /** The upstream ended without finishing: what the stage still holds, so nothing is lost. */
  flush(): Record<string, unknown>[];
}
