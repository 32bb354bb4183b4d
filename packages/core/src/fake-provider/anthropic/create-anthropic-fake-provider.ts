import { trimTrailingSlashes } from '../../util/trim-trailing-slashes.js';
import { FailureQueue } from '../failure-queue.js';
import { waitOrAbandon } from '../wait-or-abandon.js';
import { answerMessage } from './answer-message.js';
import { anthropicErrorResponse } from './anthropic-error.js';
import type { AnthropicFakeProvider, AnthropicFakeProviderOptions, AnthropicRecordedRequest } from './anthropic-fake-provider-options.js';
import { anthropicModelList, DEFAULT_ANTHROPIC_MODELS } from './anthropic-models.js';
import { contextWindowError } from './context-window-error.js';
import { fakeAnthropicReply } from './fake-anthropic-reply.js';
import { prefixBlocks, promptTokens } from './prefix-blocks.js';
import { createPromptCache } from './prompt-cache.js';
import { readAnthropicBody } from './read-anthropic-body.js';
import { anthropicRequestError } from './validate-anthropic-request.js';

export type { AnthropicFakeProvider, AnthropicFakeProviderOptions, AnthropicRecordedRequest } from './anthropic-fake-provider-options.js';

type Route = 'messages' | 'count_tokens' | 'models';

/**
 * An Anthropic Messages provider that behaves like the real one, for tests, benchmarks and demo mode:
 * Anthropic's validation and error texts, its SSE event sequence, `count_tokens`, the model list, and a
 * simulated prompt cache (see `createPromptCache`) whose usage shows where the relay put its breakpoints.
 *
 * @example
 * const fake = createAnthropicFakeProvider({ apiKey: 'sk-ant-test' });
 * const response = await fake.handler(new Request('http://fake/v1/messages', { method: 'POST', headers: { 'x-api-key': 'sk-ant-test' }, body }));
 * fake.requests[0]?.cache // { input_tokens, cache_creation_input_tokens, cache_read_input_tokens }
 */
export function createAnthropicFakeProvider(options: AnthropicFakeProviderOptions = {}): AnthropicFakeProvider {
  const failures = new FailureQueue(options.failures);
  const stats = { requests: 0, rejected: 0, aborted: 0, completed: 0 };
  const requests: AnthropicRecordedRequest[] = [];
  const window = options.contextWindow ?? 200_000;
  const cache = createPromptCache({ minTokens: options.cacheMinTokens ?? 1_024 });
  let counter = 0;

  const handler = async (request: Request): Promise<Response> => {
    counter += 1;
    const requestId = `req_fake_${counter}`;
    const path = trimTrailingSlashes(new URL(request.url).pathname);
    const route = routeOf(request.method, path);
    if (route === undefined) return anthropicErrorResponse(404, `Not found: ${request.method} ${path}`, requestId);
    const keyError = apiKeyError(request, options.apiKey);
    if (route === 'models') {
      if (keyError !== undefined) return anthropicErrorResponse(401, keyError, requestId);
      return Response.json(anthropicModelList(options.models ?? DEFAULT_ANTHROPIC_MODELS), { headers: { 'request-id': requestId } });
    }
    stats.requests += 1;
    const reject = (status: number, message: string, headers?: Record<string, string>) => {
      stats.rejected += 1;
      return anthropicErrorResponse(status, message, requestId, headers);
    };
    if (keyError !== undefined) return reject(401, keyError);
    const read = await readAnthropicBody(request);
    if (!read.ok) return reject(read.status, read.message);
    const body = read.body;
    const blocks = prefixBlocks(body, options.tokenFactor);
    const record: AnthropicRecordedRequest = { endpoint: route, headers: Object.fromEntries(request.headers), body, promptTokens: promptTokens(blocks) };
    requests.push(record);
    if (requests.length > (options.keepRequests ?? 50)) requests.shift();

    // Claude Code's mid-conversation system messages are a beta: it always sends `anthropic-beta`.
    const invalid = anthropicRequestError(body, { requireMaxTokens: route === 'messages', allowSystemRole: request.headers.has('anthropic-beta') });
    if (invalid !== undefined) return reject(400, invalid);
    if (route === 'count_tokens') {
      stats.completed += 1;
      return Response.json({ input_tokens: record.promptTokens }, { headers: { 'request-id': requestId } });
    }
    const tooLong = contextWindowError(record.promptTokens, body.max_tokens as number, window, options.maxTokensMustFit ?? false);
    if (tooLong !== undefined) return reject(400, tooLong);

    const failure = failures.next();
    if (failure !== undefined && 'status' in failure) return reject(failure.status, failure.message ?? failureMessage(failure.status), failure.headers);
    const abandoned = failure !== undefined && 'hangMs' in failure ? await waitOrAbandon(failure.hangMs, request.signal, stats) : undefined;
    if (abandoned !== undefined) return abandoned;

    const model = body.model as string;
    record.cache = cache.apply(model, blocks);
    const reply = fakeAnthropicReply(body, { reply: options.reply, counter: stats.requests, windowRoom: window - record.promptTokens });
    return answerMessage(reply, record.cache, {
      id: `msg_fake_${stats.requests}`,
      requestId,
      model,
      stream: body.stream === true,
      chunks: options.chunks ?? 8,
      delayMs: options.chunkDelayMs ?? 0,
      dropAfter: failure !== undefined && 'dropAfterChunks' in failure ? failure.dropAfterChunks : undefined,
      stats,
      signal: request.signal,
    });
  };

  return { handler, fail: (failure) => failures.push(failure), stats, requests, clearCache: () => cache.clear() };
}

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'GET' && path.endsWith('/v1/models')) return 'models';
  if (method !== 'POST') return undefined;
  if (path.endsWith('/v1/messages')) return 'messages';
  if (path.endsWith('/v1/messages/count_tokens')) return 'count_tokens';
  return undefined;
}

function apiKeyError(request: Request, apiKey: string | undefined): string | undefined {
  if (apiKey === undefined) return undefined;
  const presented = request.headers.get('x-api-key');
  if (presented === null) return 'x-api-key header is required';
  return presented === apiKey ? undefined : 'invalid x-api-key';
}

function failureMessage(status: number): string {
  if (status === 529) return 'Overloaded';
  if (status === 429) return 'Number of request tokens has exceeded your per-minute rate limit';
  return `Injected failure ${status}`;
}
