import type { FakeFailure, FakeProvider } from '../create-fake-provider.js';
import type { CacheUsage } from './prompt-cache.js';

export interface AnthropicFakeProviderOptions {
  /** A prompt over this is refused with `prompt is too long`. Default 200,000. */
  contextWindow?: number;
  /** Counts this much more than OpenAI's tokenizer, to play Claude's own tokenizer. Default 1. */
  tokenFactor?: number;
  /** Text of every answer (default: quotes the last user turn). */
  reply?: string;
  /** Pieces each streamed text, thinking and tool input is split into. Default 8. */
  chunks?: number;
  /** Delay before each streamed event, and before a whole Message. Default 0. */
  chunkDelayMs?: number;
  /** Demand this key in `x-api-key`, as Anthropic does. */
  apiKey?: string;
  /** Failures to inject into `POST /v1/messages`, used up in order. */
  failures?: FakeFailure[];
  /** How many requests to keep for inspection. Default 50. */
  keepRequests?: number;
  /** A cache breakpoint whose prefix is shorter than this is not written. Default 1,024. */
  cacheMinTokens?: number;
  /** Refuse prompt + `max_tokens` over the window, as models before Claude 4.5 did. Default false. */
  maxTokensMustFit?: boolean;
  /** Ids `GET /v1/models` lists. Any model name is answered anyway. */
  models?: string[];
}

export interface AnthropicRecordedRequest {
  endpoint: 'messages' | 'count_tokens';
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: Record<string, unknown>;
  promptTokens: number;
  /** How the prompt was billed; absent when the request was refused before the cache was consulted. */
  cache?: CacheUsage;
}

export interface AnthropicFakeProvider extends Omit<FakeProvider, 'requests'> {
  readonly requests: AnthropicRecordedRequest[];
  /** Forgets every cached prefix, as if their five minutes had passed. */
  clearCache(): void;
}
