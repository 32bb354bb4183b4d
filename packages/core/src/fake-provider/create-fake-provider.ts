import { estimateTokens } from '../context/estimate-tokens.js';
import { errorResponse } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { validateChatRequest } from '../protocols/openai-chat/validate-chat-request.js';
import type { ChatRequest, Usage } from '../types/chat.js';
import { trimTrailingSlashes } from '../util/trim-trailing-slashes.js';
import { type DemoToolFormat, writeToolCallsAs } from './demo-tool-format.js';
import { FailureQueue } from './failure-queue.js';
import type { FakeCommonOptions, FakeFailure, FakeProviderOf, FakeRecordedRequest } from './fake-options.js';
import { type FakeReply, fakeReply } from './fake-reply.js';
import { splitText } from './split-text.js';
import { sseEventStream } from './sse-event-stream.js';
import { toolSequenceError } from './tool-sequence-error.js';
import { waitOrAbandon } from './wait-or-abandon.js';

export type { FakeFailure };

/** `contextWindow` (prompt + `max_tokens`, refused with `context_length_exceeded`) defaults to 196,608; `apiKey` is a bearer key. */
export interface FakeProviderOptions extends FakeCommonOptions {
  /** Tool calls per tool-calling answer, to the first tools offered in turn (parallel calls). Default 1. */
  parallelToolCalls?: number;
  /** Reasoning text sent before the answer as `reasoning_content`, as DeepSeek-style models do. */
  reasoning?: string;
  /**
   * Play DeepSeek's thinking mode (V4): every earlier assistant message must carry its `reasoning_content`
   * back, or the request is refused with DeepSeek's 400. Answers carry reasoning (`reasoning`, or a default).
   */
  requireReasoningBack?: boolean;
  /** Accept any of these keys (with `apiKey`, or instead of it): an account with several keys. */
  apiKeys?: string[];
  /** Tool calls written as a family's text markup (or with broken JSON), as open models do: what the relay repairs. */
  toolFormat?: DemoToolFormat;
}

export type RecordedRequest = FakeRecordedRequest<ChatRequest>;
export type FakeProvider = FakeProviderOf<ChatRequest>;

const MODELS = ['fake-model', 'MiniMaxAI/MiniMax-M2.5'];

/**
 * An OpenAI-compatible provider that behaves like a strict real one: it checks tool-call sequences and the
 * context window exactly as OpenAI words them, streams like OpenAI, and can fail on demand. Used by the
 * tests, the benchmarks and `llm-relay --demo`.
 */
export function createFakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  const failures = new FailureQueue(options.failures);
  const stats = { requests: 0, rejected: 0, aborted: 0, completed: 0 };
  const requests: RecordedRequest[] = [];
  const keep = options.keepRequests ?? 50;
  const window = options.contextWindow ?? 196_608;

  const handler = async (request: Request): Promise<Response> => {
    const path = trimTrailingSlashes(new URL(request.url).pathname);
    if (request.method === 'GET' && path.endsWith('/models')) {
      return Response.json({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
    }
    if (request.method !== 'POST' || !path.endsWith('/chat/completions')) {
      return errorResponse(new RelayError({ status: 404, message: `Unknown route ${request.method} ${path}` }));
    }
    stats.requests += 1;
    const presented = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? undefined;
    const accepted = [...(options.apiKey !== undefined ? [options.apiKey] : []), ...(options.apiKeys ?? [])];
    if (accepted.length > 0 && (presented === undefined || !accepted.includes(presented))) {
      stats.rejected += 1;
      return errorResponse(new RelayError({ status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided.' }));
    }
    let body: ChatRequest;
    try {
      body = validateChatRequest(await request.json());
    } catch (error) {
      stats.rejected += 1;
      return errorResponse(RelayError.isInstance(error) ? error : new RelayError({ status: 400, message: 'We could not parse the JSON body of your request.' }));
    }
    const promptTokens = estimateTokens(body, { cache: false, factor: options.tokenFactor });
    requests.push({ headers: Object.fromEntries(request.headers), body, promptTokens });
    if (requests.length > keep) requests.shift();

    const sequenceError = toolSequenceError(body.messages);
    if (sequenceError !== undefined) {
      stats.rejected += 1;
      return errorResponse(new RelayError({ status: 400, message: sequenceError.message, param: sequenceError.param }));
    }
    if (options.requireReasoningBack === true && body.messages.some((message) => message.role === 'assistant' && (typeof message.reasoning_content !== 'string' || message.reasoning_content === ''))) {
      stats.rejected += 1;
      return errorResponse(new RelayError({ status: 400, code: 'invalid_request_error', message: 'The `reasoning_content` in the thinking mode must be passed back to the API.' }));
    }
    const completion = body.max_completion_tokens ?? body.max_tokens ?? 0;
    if (promptTokens + completion > window) {
      stats.rejected += 1;
      return errorResponse(
        new RelayError({
          status: 400,
          code: 'context_length_exceeded',
          param: 'messages',
          message: `This model's maximum context length is ${window} tokens. However, you requested ${promptTokens + completion} tokens (${promptTokens} in the messages, ${completion} in the completion). Please reduce the length of the messages or completion.`,
        }),
      );
    }

    const failure = failures.next(presented);
    if (failure !== undefined && 'status' in failure) {
      stats.rejected += 1;
      return errorResponse(new RelayError({ status: failure.status, code: 'fake_failure', message: failure.message ?? `Injected failure ${failure.status}` }), failure.headers);
    }
    const abandoned = failure !== undefined && 'hangMs' in failure ? await waitOrAbandon(failure.hangMs, request.signal, stats) : undefined;
    if (abandoned !== undefined) return abandoned;

    const id = `chatcmpl-fake-${stats.requests}`;
    const written = fakeReply(body, options.reply, stats.requests, options.parallelToolCalls ?? 1);
    const reply = options.toolFormat === undefined ? written : writeToolCallsAs(written, options.toolFormat);
    const reasoning = options.reasoning ?? (options.requireReasoningBack === true ? `Thinking about request ${stats.requests}.` : undefined);
    if (reasoning !== undefined) reply.reasoning = reasoning;
    const usage: Usage = {
      prompt_tokens: promptTokens,
      completion_tokens: estimateTokens(reply.content ?? JSON.stringify(reply.toolCalls ?? [])),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const model = body.model ?? 'fake-model';
    const delay = options.chunkDelayMs ?? 0;

    if (body.stream !== true) {
      const gaveUp = await waitOrAbandon(delay, request.signal, stats);
      if (gaveUp !== undefined) return gaveUp;
      stats.completed += 1;
      return Response.json({
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              ...(reply.reasoning !== undefined ? { reasoning_content: reply.reasoning } : {}),
              content: reply.content,
              ...(reply.toolCalls ? { tool_calls: reply.toolCalls } : {}),
            },
            finish_reason: reply.toolCalls ? 'tool_calls' : 'stop',
          },
        ],
        usage,
      });
    }
    const dropAfter = failure !== undefined && 'dropAfterChunks' in failure ? failure.dropAfterChunks : undefined;
    const events = streamEvents(id, model, reply, usage, options.chunks ?? 8, body.stream_options?.include_usage === true);
    return new Response(sseEventStream(events, delay, dropAfter, stats, request.signal), {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `fake-${stats.requests}` },
    });
  };

  return { handler, fail: (failure) => failures.push(failure), stats, requests };
}

/**
 * The stream's writes, each framed. The usage chunk goes in the same write as the finish, as OpenAI sends
 * it: paced on its own, it made every client that asked for usage (the relay always does) wait one more
 * chunk delay for the end.
 */
function streamEvents(id: string, model: string, reply: FakeReply, usage: Usage, chunks: number, includeUsage: boolean): string[] {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}) });
  const events = [chunk({ role: 'assistant', content: '' }, null)];
  if (reply.reasoning !== undefined) for (const piece of splitText(reply.reasoning, 2)) events.push(chunk({ reasoning_content: piece }, null));
  if (reply.toolCalls !== undefined) {
    reply.toolCalls.forEach((call, index) => {
      events.push(chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }] }, null));
      events.push(chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, null));
    });
  } else {
    for (const piece of splitText(reply.content ?? '', chunks)) events.push(chunk({ content: piece }, null));
  }
  events.push(chunk({}, reply.toolCalls ? 'tool_calls' : 'stop'));
  const framed = events.map((event) => `data: ${event}\n\n`);
  if (includeUsage) framed[framed.length - 1] += `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`;
  framed.push('data: [DONE]\n\n');
  return framed;
}
