import type { RelayError } from '../errors/relay-error.js';
import type { UpstreamApi } from '../options/relay-options.js';
import type { RelayRoute } from '../plugins/relay-plugin.js';
import type { ChunkStage } from '../sse/chunk-stage.js';
import type { StreamWriter } from '../sse/stream-writer.js';
import type { StreamStageOptions } from '../sse/upstream-events.js';
import type { ChatMessage, ChatRequest, Usage } from '../types/chat.js';
import type { ReasoningRoundTrip } from '../upstream/reasoning-round-trip.js';

export type { StreamWriter };

export type ProtocolName = 'openai-chat' | 'anthropic-messages' | 'openai-responses';

/** How an answer's stream reports back while it runs, and the stage that may rewrite its Chat chunks (tool-call repair). */
export interface AnswerStreamOptions extends StreamStageOptions {
  onUsage(usage: Usage): void;
  stage: ChunkStage | undefined;
}

/** One client request in the relay's internal form (a Chat request), with how its answer goes back. */
export interface DecodedRequest {
  chat: ChatRequest;
  /** The model name the client asked for (routing and the answer use it). */
  model: string | undefined;
  stream: boolean;
  /** `max_tokens` is the client's wish, not a limit the upstream knows: clamp it to the model's output limit. */
  clampOutput: boolean;
  /**
   * The Chat form's reasoning fields are the relay's conversion of the client's (thinking blocks, reasoning
   * items), so they go to each target as its model needs them back (see `reasoningRoundTrip`); a Chat
   * client's own go as it wrote them.
   */
  convertedReasoning: boolean;
  /** What the conversion left out, for the log line. */
  dropped: readonly string[];
  /** The session the client's protocol names in the body (Claude Code's `metadata`, Codex's `prompt_cache_key`). */
  conversationId: string | undefined;
  /** The request in its own protocol, for an upstream that speaks it too: forwarded as received but for edits. */
  native: NativeRequest;
  /** A whole Chat completion, in the client's protocol. */
  answer(completion: unknown): unknown;
  /** A Chat SSE body (an OpenAI-compatible provider's, or another upstream's decoded) as the client's stream. */
  answerStream(chatSse: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array>;
  /** Writes the client's stream from Chat chunks: a whole completion sent to a client that asked for a stream. */
  writer(): StreamWriter;
}

/** A request forwarded in the client's own protocol, and how its answer passes back through. */
export interface NativeRequest {
  /**
   * The body with the context engine's edits (what it kept of the Chat form, and where from), the target's
   * model, the output limit its `max_tokens` is held to (the budget was sized for it), and what the target
   * model needs of earlier reasoning (see `reasoningRoundTrip`).
   */
  body(kept: { messages: readonly ChatMessage[]; sources: readonly number[] } | undefined, model: string | undefined, maxOutputTokens: number | undefined, reasoning: ReasoningRoundTrip): unknown;
  /** Usage, in Chat form, of a whole answer. */
  usage(answer: unknown): Usage | undefined;
  /**
   * The upstream's stream passed to the client as it came (a stage may still rewrite Chat chunks), read for
   * usage and its end; a stream that fails half-way ends with the protocol's own error event.
   */
  relay(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array>;
}

/** A protocol's endpoint that counts a request's input tokens without running it. */
export interface TokenCountRoute {
  path: string;
  /** The answer when the relay counts itself. */
  answer(inputTokens: number): unknown;
  /** An upstream's answer with `tokens` more (what was cut on arrival), or undefined if it holds no count. */
  addTokens(answer: unknown, tokens: number): unknown;
}

/**
 * A wire protocol the relay accepts: validates and decodes a request into the internal Chat form, encodes
 * answers and errors back. The handler routes to one and never looks inside it.
 */
export interface FrontDoor {
  protocol: ProtocolName;
  /** The upstream API that speaks this same protocol: to it, requests and answers skip the Chat form. */
  api: UpstreamApi;
  /** Where its conversations are posted (matched as the end of the path, so under any prefix), and the route's name in logs and metrics. */
  path: string;
  route: RelayRoute;
  /** Its protocol's token-count endpoint, if it has one. */
  countTokens: TokenCountRoute | undefined;
  /** The request's headers say it speaks this protocol: an error off every route answers in its shape. */
  recognizes(headers: Headers): boolean;
  decode(body: unknown): DecodedRequest;
  /** Any error in this protocol's shape; an upstream's own error answer in this same protocol as it came. */
  errorResponse(error: RelayError, headers: Headers): Response;
}
