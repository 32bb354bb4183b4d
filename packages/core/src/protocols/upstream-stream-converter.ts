import type { ChatCompletionChunk } from './chat-chunk.js';

/** Turns one upstream protocol's stream events into Chat chunks, event by event (see `upstreamSseToChatSse`). */
export interface UpstreamStreamConverter {
  /** True once the answer ended (or failed: then `error` says how). */
  done: boolean;
  error: { type: string; message: string; code?: string } | undefined;
  push(event: { event?: string; data: unknown }): ChatCompletionChunk[];
  /** The usage chunk that ends a Chat stream. */
  usageChunk(): ChatCompletionChunk;
}
