import type { RelayError } from '../errors/relay-error.js';
import type { UpstreamApi } from '../options/relay-options.js';
import type { StreamWriter } from '../sse/stream-writer.js';
import type { ChatMessage, ChatRequest, Usage } from '../types/chat.js';
import type { ReasoningRoundTrip } from '../upstream/reasoning-round-trip.js';

export type { StreamWriter };

export type ProtocolName = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

/** One client request in the relay's internal form (a Chat request), with what its answer needs. */
export interface DecodedRequest {
  chat: ChatRequest;
  /** The model name the client asked for (routing and the answer use it). */
  model: string | undefined;
  stream: boolean;
  /** Same protocol as the upstream: the answer is passed through as it came. */
  passthrough?: boolean;
  /** `max_tokens` is the client's wish, not a limit the upstream knows: clamp it to the model's output limit. */
  clampOutput?: boolean;
  /** What the conversion left out, for the log line. */
  dropped?: string[];
  /** The session the client's protocol names in the body (Claude Code's `metadata`, Codex's `prompt_cache_key`). */
  conversationId?: string;
  /** A whole upstream Chat completion, in the client's protocol. */
  answer?(completion: unknown): unknown;
  writer?(): StreamWriter;
  /** The request in its own protocol, for an upstream that speaks it too: forwarded as received but for edits. */
  native?: NativeRequest;
}

/** A request forwarded in the client's own protocol, and how to watch the answer pass back through. */
export interface NativeRequest {
  api: UpstreamApi;
  /** Path under the upstream's base URL, e.g. `messages`. */
  endpoint: string;
  /**
   * The body with the context engine's edits (what it kept of the Chat form, and where from), the target's
   * model, the output limit its `max_tokens` is held to (the budget was sized for it), and what the target
   * model needs of earlier reasoning (see `reasoningRoundTrip`).
   */
  body(kept: { messages: readonly ChatMessage[]; sources: readonly number[] } | undefined, model: string | undefined, maxOutputTokens: number | undefined, reasoning?: ReasoningRoundTrip): unknown;
  /** Usage, in Chat form, of a whole answer. */
  usage(answer: unknown): Usage | undefined;
  /** A reader of the streamed answer's events: usage so far, and whether this event ended the answer. */
  observer(): (event: { event?: string; data: string }) => { usage?: Usage; ended: boolean };
  /** The protocol's error event, for a stream that fails half-way. */
  errorEvent(error: RelayError): string;
}

/**
 * A wire protocol the relay accepts: validates and decodes a request into the internal Chat form, encodes
 * answers and errors back. The handler routes to one and never looks inside it.
 */
export interface FrontDoor {
  protocol: ProtocolName;
  decode(body: unknown): DecodedRequest;
  errorResponse(error: RelayError, headers: Headers): Response;
}
