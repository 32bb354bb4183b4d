import { estimateTokens } from '../../context/estimate-tokens.js';
import { errorResponse } from '../../errors/error-response.js';
import { RelayError } from '../../errors/relay-error.js';
import { fromChatResponse } from '../../protocols/openai-responses/convert-from-chat-response.js';
import { toChatRequest } from '../../protocols/openai-responses/convert-to-chat-request.js';
import { newResponseId } from '../../protocols/openai-responses/response-ids.js';
import { ResponsesStreamWriter } from '../../protocols/openai-responses/responses-stream-writer.js';
import type { ResponsesRequest } from '../../protocols/openai-responses/responses-types.js';
import { validateResponsesRequest } from '../../protocols/openai-responses/validate-responses-request.js';
import { trimTrailingSlashes } from '../../util/trim-trailing-slashes.js';
import { FailureQueue } from '../failure-queue.js';
import type { FakeCommonOptions, FakeProviderOf, FakeRecordedRequest } from '../fake-options.js';
import { fakeReply } from '../fake-reply.js';
import { splitText } from '../split-text.js';
import { sseEventStream } from '../sse-event-stream.js';
import { waitOrAbandon } from '../wait-or-abandon.js';
import { sealReasoning } from './fake-encrypted-reasoning.js';
import { responsesItemError } from './responses-item-error.js';

export interface ResponsesFakeProviderOptions extends FakeCommonOptions {
  /** Reasoning summary sent before the answer, as reasoning models do. */
  reasoning?: string;
}

export type ResponsesRecordedRequest = FakeRecordedRequest<ResponsesRequest>;
export type ResponsesFakeProvider = FakeProviderOf<ResponsesRequest>;

/**
 * A provider that speaks only OpenAI's Responses API (`POST /v1/responses`), strict as the real one about a
 * stateless request: every function call answered, no output without its call, nothing referenced by id
 * that `store: false` never kept, the context window. It answers whole or streamed with the full event
 * sequence (written by the relay's own Responses stream writer), and fails on demand. For the tests and
 * `llm-relay --demo --upstream-api responses`.
 */
export function createResponsesFakeProvider(options: ResponsesFakeProviderOptions = {}): ResponsesFakeProvider {
  const failures = new FailureQueue(options.failures);
  const stats = { requests: 0, rejected: 0, aborted: 0, completed: 0 };
  const requests: ResponsesRecordedRequest[] = [];
  const keep = options.keepRequests ?? 50;
  const window = options.contextWindow ?? 196_608;

  const refuse = (error: RelayError, headers?: Record<string, string>) => {
    stats.rejected += 1;
    return errorResponse(error, headers);
  };

  const handler = async (request: Request): Promise<Response> => {
    const path = trimTrailingSlashes(new URL(request.url).pathname);
    if (request.method !== 'POST' || !path.endsWith('/responses')) return errorResponse(new RelayError({ status: 404, message: `Unknown route ${request.method} ${path}` }));
    stats.requests += 1;
    if (options.apiKey !== undefined && request.headers.get('authorization') !== `Bearer ${options.apiKey}`) {
      return refuse(new RelayError({ status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided.' }));
    }
    let body: ResponsesRequest;
    try {
      body = validateResponsesRequest(await request.json());
    } catch (error) {
      return refuse(RelayError.isInstance(error) ? error : new RelayError({ status: 400, message: 'We could not parse the JSON body of your request.' }));
    }
    if (typeof body.previous_response_id === 'string')
      return refuse(
        new RelayError({ status: 400, code: 'previous_response_not_found', param: 'previous_response_id', message: `Previous response with id '${body.previous_response_id}' not found.` }),
      );
    const itemError = responsesItemError(body.input);
    if (itemError !== undefined) return refuse(new RelayError({ status: 400, message: itemError.message, param: itemError.param }));
    const { chat, toolMap } = toChatRequest(body);
    const promptTokens = estimateTokens(chat, { cache: false, factor: options.tokenFactor });
    requests.push({ headers: Object.fromEntries(request.headers), body, promptTokens });
    if (requests.length > keep) requests.shift();
    if (promptTokens + (body.max_output_tokens ?? 0) > window) {
      return refuse(
        new RelayError({ status: 400, code: 'context_length_exceeded', param: 'input', message: 'Your input exceeds the context window of this model. Please adjust your input and try again.' }),
      );
    }
    const failure = failures.next();
    if (failure !== undefined && 'status' in failure)
      return refuse(new RelayError({ status: failure.status, code: 'fake_failure', message: failure.message ?? `Injected failure ${failure.status}` }), failure.headers);
    const abandoned = failure !== undefined && 'hangMs' in failure ? await waitOrAbandon(failure.hangMs, request.signal, stats) : undefined;
    if (abandoned !== undefined) return abandoned;

    const reply = fakeReply(chat, options.reply, stats.requests);
    const message: Record<string, unknown> = { role: 'assistant', content: reply.content };
    if (options.reasoning !== undefined) message.reasoning_content = options.reasoning;
    if (reply.toolCalls !== undefined) message.tool_calls = reply.toolCalls;
    const completionTokens = estimateTokens(reply.content ?? JSON.stringify(reply.toolCalls ?? []));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const finish = reply.toolCalls !== undefined ? 'tool_calls' : 'stop';
    const init = { id: newResponseId(), model: body.model ?? 'fake-model', toolMap, request: body };
    // A reasoning model hands its reasoning back encrypted when asked, for a stateless client to return next turn.
    const sealed = body.include?.includes('reasoning.encrypted_content') === true;
    const answer = (value: Record<string, unknown>) => (sealed ? sealReasoning(value) : value);
    const delay = options.chunkDelayMs ?? 0;

    if (body.stream !== true) {
      const gaveUp = await waitOrAbandon(delay, request.signal, stats);
      if (gaveUp !== undefined) return gaveUp;
      stats.completed += 1;
      return Response.json(answer(fromChatResponse({ choices: [{ index: 0, message, finish_reason: finish }], usage }, init) as unknown as Record<string, unknown>));
    }
    const writer = new ResponsesStreamWriter(init);
    let sse = writer.start();
    const chunk = (delta: Record<string, unknown>, reason: string | null) => ({ choices: [{ index: 0, delta, finish_reason: reason }] });
    if (options.reasoning !== undefined) sse += writer.push(chunk({ reasoning_content: options.reasoning }, null));
    if (reply.toolCalls !== undefined) {
      reply.toolCalls.forEach((call, index) => {
        sse += writer.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
        sse += writer.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, null));
      });
    } else {
      for (const piece of splitText(reply.content ?? '', options.chunks ?? 8)) sse += writer.push(chunk({ content: piece }, null));
    }
    sse += writer.push(chunk({}, finish));
    sse += writer.push({ choices: [], usage });
    sse += writer.finish();
    const events = sse
      .split('\n\n')
      .filter((event) => event !== '')
      .map((event) => `${sealed ? sealedEvent(event, answer) : event}\n\n`);
    const dropAfter = failure !== undefined && 'dropAfterChunks' in failure ? failure.dropAfterChunks : undefined;
    return new Response(sseEventStream(events, delay, dropAfter, stats, request.signal), { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
  };

  return { handler, fail: (failure) => failures.push(failure), stats, requests };
}

/** One `event: ...\ndata: {...}` event with its data rewritten. */
function sealedEvent(event: string, rewrite: (value: Record<string, unknown>) => Record<string, unknown>): string {
  const at = event.indexOf('data: ');
  if (at === -1) return event;
  return `${event.slice(0, at)}data: ${JSON.stringify(rewrite(JSON.parse(event.slice(at + 6)) as Record<string, unknown>))}`;
}
