import type { FakeProvider } from '../create-fake-provider.js';
import type { FakeCommonOptions } from '../fake-options.js';
import type { CacheUsage } from './prompt-cache.js';

/** `contextWindow` defaults to 200,000 (a prompt over it is refused with `prompt is too long`); `apiKey` is demanded in `x-api-key`. */
export interface AnthropicFakeProviderOptions extends FakeCommonOptions {
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
