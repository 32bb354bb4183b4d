import type { UpstreamApi } from '../options/relay-options.js';
import type { ChatRequest } from '../types/chat.js';
import type { UpstreamFailure } from '../upstream/upstream-failure.js';
import type { ProtocolHeaders } from '../upstream/upstream-headers.js';
import type { ChunkIdentity } from './chat-chunk.js';

/** An upstream's answer with an error status, its body read (the provider key already redacted). */
export interface UpstreamErrorAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/** What a request's encoding needs to know of its target. */
export interface EncodeTarget {
  /** The upstream's model name. */
  model: string;
  /** The most the model writes: a protocol whose `max_tokens` is required sends this when the client named none. */
  maxOutputTokens: number;
  /** The upstream and provider key the request goes to (see `reasoningOrigin`). */
  origin: string;
}

/**
 * A wire protocol the relay speaks to a provider, the mirror of `FrontDoor`: encodes the internal Chat
 * form into the provider's request, decodes its whole answers and streams back into Chat, its errors into
 * `UpstreamFailure` values. The handler picks one per target (see `upstreamCodec`) and never looks inside.
 * A client whose protocol is the upstream's skips the Chat form both ways (its front door's `native`).
 */
export interface UpstreamCodec {
  api: UpstreamApi;
  /** Path of a conversation request under the upstream's base URL. */
  endpoint: string;
  /** Path of the provider's own token counter, if it has one (`count_tokens` forwards there). */
  countTokensEndpoint: string | undefined;
  headers: ProtocolHeaders;
  /** Reasoning goes to this upstream in the Chat form's `reasoning_content` (so the model's round-trip rule applies there). */
  carriesReasoningContent: boolean;
  /** Answers are free text a model may write tool calls into (tool-call repair applies); else they arrive structured. */
  repairsToolCalls: boolean;
  /** The request's body depends on the provider key (it carries back what the provider encrypted for that key only). */
  keyBoundBody: boolean;
  /** The provider lets prompt + `max_tokens` exceed the window (the answer just stops there): no output reserve beyond the usual. */
  outputBeyondWindow: boolean;
  /** The request for this upstream from the Chat form already fitted for the target; what had no place in it is named in `dropped`. */
  encode(chat: ChatRequest, target: EncodeTarget): { body: unknown; dropped: readonly string[] };
  /** A whole answer as a Chat completion. */
  decodeAnswer(answer: unknown, identity: ChunkIdentity): unknown;
  /** A streamed answer's SSE body as the Chat SSE body (usage chunk and `[DONE]` included) an OpenAI-compatible provider sends. */
  decodeStream(body: ReadableStream<Uint8Array>, identity: ChunkIdentity): ReadableStream<Uint8Array>;
  decodeError(answer: UpstreamErrorAnswer): UpstreamFailure;
}
