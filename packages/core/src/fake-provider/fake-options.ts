/** A failure a fake provider injects into the next request(s). */
export type FakeFailure =
  | {
      status: number;
      message?: string;
      headers?: Record<string, string>;
      times?: number;
      /** Only requests made with this key fail (the OpenAI-compatible fake, which takes several keys). */
      key?: string;
    }
  | { dropAfterChunks: number; times?: number }
  | { hangMs: number; times?: number };

/** What both fake providers (OpenAI-compatible and Anthropic) can be told. */
export interface FakeCommonOptions {
  /** A prompt over this is refused, in the provider's own words. */
  contextWindow?: number;
  /** Counts this much more than OpenAI's tokenizer, to play a provider whose tokenizer differs. Default 1. */
  tokenFactor?: number;
  /** Text of every answer (default: quotes the last user turn). */
  reply?: string;
  /** Pieces each streamed answer is split into. Default 8. */
  chunks?: number;
  /** Delay before each streamed event, and before a whole answer. Default 0. */
  chunkDelayMs?: number;
  /** Demand this key, as a real provider would. */
  apiKey?: string;
  /** Failures to inject, used up in order. */
  failures?: FakeFailure[];
  /** How many request bodies to keep for inspection. Default 50. */
  keepRequests?: number;
}

/** One request a fake provider accepted, kept for tests to inspect. */
export interface FakeRecordedRequest<Body> {
  headers: Record<string, string>;
  body: Body;
  promptTokens: number;
}

/** A running fake provider: its handler, the failures to inject, what it counted and what it kept. */
export interface FakeProviderOf<Body> {
  handler(request: Request): Promise<Response>;
  /** Queue a failure for the coming requests. */
  fail(failure: FakeFailure): void;
  readonly stats: { requests: number; rejected: number; aborted: number; completed: number };
  readonly requests: FakeRecordedRequest<Body>[];
}
