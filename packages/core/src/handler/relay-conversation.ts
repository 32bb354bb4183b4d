import { estimateTokensSteps } from '../context/estimate-tokens.js';
import { modelLimits } from '../context/model-windows.js';
import { prepareStepsCooperatively } from '../context/prepare-cooperatively.js';
import { encodingForModel, isEncodingLoaded, loadEncoding } from '../context/tokenizer.js';
import { formatReport } from '../context/truncation-report.js';
import { RelayError } from '../errors/relay-error.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS, type RelayHandlerOptions } from '../options/relay-options.js';
import type { RelayContext } from '../plugins/relay-plugin.js';
import type { RequestRecord } from '../plugins/request-record.js';
import { anthropicUpstreamError } from '../protocols/anthropic-upstream/anthropic-upstream-error.js';
import { anthropicUpstreamBody } from '../protocols/anthropic-upstream/anthropic-upstream-request.js';
import type { ChunkIdentity } from '../protocols/anthropic-upstream/chat-chunk.js';
import { fromMessagesResponse } from '../protocols/anthropic-upstream/from-messages-response.js';
import { messagesSseToChatSse } from '../protocols/anthropic-upstream/messages-sse-to-chat-sse.js';
import type { DecodedRequest, FrontDoor, NativeRequest } from '../protocols/front-door.js';
import { fromResponsesResponse } from '../protocols/openai-responses-upstream/from-responses-response.js';
import { responsesSseToChatSse } from '../protocols/openai-responses-upstream/responses-sse-to-chat-sse.js';
import { toResponsesRequest } from '../protocols/openai-responses-upstream/to-responses-request.js';
import { type PlannedTarget, planTargets } from '../routing/plan-targets.js';
import { resolveTargets, type Target } from '../routing/resolve-targets.js';
import { completionAsChunk } from '../sse/completion-as-chunk.js';
import { observeEventStream } from '../sse/observe-event-stream.js';
import { relayEventStream } from '../sse/relay-event-stream.js';
import { translateChatStream } from '../sse/translate-chat-stream.js';
import { repairListener } from '../tool-repair/repair-listener.js';
import { toolRepairFor } from '../tool-repair/tool-repair-for.js';
import type { Usage } from '../types/chat.js';
import { errorFromResponse } from '../upstream/error-from-response.js';
import { reasoningRoundTrip } from '../upstream/reasoning-round-trip.js';
import { upstreamApi } from '../upstream/upstream-api.js';
import { passResponseHeaders, upstreamRequestHeaders } from '../upstream/upstream-headers.js';
import { upstreamUrl } from '../upstream/upstream-url.js';
import { readJsonBody } from '../util/read-json-body.js';
import { readUpstreamText } from './call-upstream.js';
import { conversationId } from './conversation-id.js';
import { chatUpstreamRequest, forwardWithFallbacks, type UpstreamRequest, upstreamBody } from './forward-with-fallbacks.js';
import { recordUsage } from './record-usage.js';
import type { RelayRuntime } from './relay-runtime.js';
import { streamCallbacks } from './stream-callbacks.js';

/**
 * One conversation request through any front door: decode it to the internal Chat form, route it, fit
 * the context, let plugins decide, forward with retries and fallbacks, and answer in the client's
 * protocol. A stream calls `finish` when it ends; everything else returns first.
 */
export async function relayConversation(context: RelayContext, door: FrontDoor, runtime: RelayRuntime, finish: () => void, started: number): Promise<Response> {
  const { options, plugins, learned } = runtime;
  const { request, record, responseHeaders: headers } = context;
  const decoded = door.decode(await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  const body = decoded.chat;
  record.model = decoded.model;
  record.stream = decoded.stream;
  if (decoded.dropped !== undefined && decoded.dropped.length > 0) record.dropped = decoded.dropped;
  const session = conversationId(request.headers, decoded);
  record.sessionId = session.id;
  record.sessionSource = session.source;
  const targets = resolveTargets(decoded.model, options);
  if (decoded.clampOutput) clampOutput(decoded, targets[0], options);
  // A GPT-4-era upstream model needs the cl100k tokenizer, loaded on the first such request.
  if (options.context !== false) {
    const missing = targets.map((target) => encodingForModel(target.model)).filter((encoding) => !isEncodingLoaded(encoding));
    if (missing.length > 0) await Promise.all(missing.map(loadEncoding));
  }
  // Counting a big request is BPE work: done in slices, so other requests and streams keep flowing.
  const cooperative = { signal: request.signal };
  const plan = await prepareStepsCooperatively(() => planTargets(body, targets, options.context ?? {}, learned), cooperative);
  if (plan.contextFallback) record.contextFallback = true;
  const first = plan.ordered[0]?.prepared;
  context.conversation = { request: body, sent: first };
  await plugins.beforeForward(context, {
    body,
    requestedModel: decoded.model,
    promptTokens: first?.report.tokensAfter ?? (await prepareStepsCooperatively(() => estimateTokensSteps(body), cooperative)),
    targets: plan.ordered.map(({ target }) => ({ upstream: target.upstreamName, model: target.model })),
  });
  const build = (planned: PlannedTarget, apiKey: string | undefined) => upstreamRequestFor(request, record, decoded, planned, apiKey, options);
  const forwarded = await forwardWithFallbacks(context, body, build, plan.ordered, runtime);
  headers.set('x-llm-relay-attempts', String(record.attempts ?? 0));
  if (forwarded instanceof Response) {
    forwarded.headers.set('x-llm-relay-attempts', String(record.attempts ?? 0));
    if (decoded.passthrough === true) return forwarded;
    // Errors come OpenAI-shaped (the relay's) or in the upstream's shape; each protocol answers in its own.
    throw await errorFromResponse(forwarded);
  }
  const { call, planned } = forwarded;
  const api = upstreamApi(planned.target.upstream);
  const native = api !== 'chat' && decoded.native?.api === api ? decoded.native : undefined;
  // Chat form to an Anthropic or Responses upstream: its answers are turned back into Chat, then into the client's protocol.
  const converting = api !== 'chat' && native === undefined ? CONVERTED_ANSWERS[api] : undefined;
  const identity = () => ({ id: `chatcmpl-${record.requestId}`, model: decoded.model ?? planned.target.model ?? '', created: Math.floor(Date.now() / 1000) });
  record.upstream = planned.target.upstreamName;
  record.upstreamModel = planned.target.model;
  let report: string | undefined;
  if (planned.prepared !== undefined) {
    record.truncation = planned.prepared.report;
    report = formatReport(planned.prepared.report);
    headers.set('x-llm-relay-context', report);
  }
  headers.set('x-llm-relay-upstream', planned.target.upstreamName);
  headers.set('x-llm-relay-model', planned.target.model ?? '');
  passResponseHeaders(call.response.headers, headers);
  // Open models' tool calls written as text or with broken arguments: repaired on a Chat upstream's answer.
  const repair = api === 'chat' ? toolRepairFor(body, options.toolRepair, planned.target.toolRepair !== false && planned.target.upstream.toolRepair !== false, repairListener(record)) : undefined;
  const upstreamBody = call.response.body;
  // A provider that answers a stream request with plain JSON gets passed through (or converted) as such.
  const eventStream = call.response.headers.get('content-type')?.includes('text/event-stream') === true;
  if (!decoded.stream || upstreamBody === null || !eventStream) {
    const text = await readUpstreamText(call, planned.target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    call.settle();
    const parsed = parseUpstreamJson(text);
    const answered = converting !== undefined ? converting.whole(parsed, identity()) : parsed;
    const completion = repair === undefined ? answered : repair.completion(answered);
    recordUsage(record, native !== undefined ? native.usage(completion) : (completion as { usage?: Usage } | null)?.usage);
    // A whole answer's usage is known before the headers go: the share read from the provider's cache joins the report.
    if (report !== undefined && record.cachedTokens !== undefined && record.promptTokens)
      headers.set('x-llm-relay-context', `${report}; cached=${(record.cachedTokens / record.promptTokens).toFixed(3)}`);
    if ((converting !== undefined || completion !== parsed) && decoded.passthrough === true) {
      headers.set('content-type', 'application/json');
      return new Response(JSON.stringify(completion), { status: 200, headers });
    }
    if (decoded.passthrough === true || native !== undefined) {
      headers.set('content-type', call.response.headers.get('content-type') ?? 'application/json');
      return new Response(text, { status: call.response.status, headers });
    }
    if (decoded.stream) return streamOf(completion, decoded, headers);
    headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(decoded.answer?.(completion)), { status: 200, headers });
  }
  call.settle();
  context.state.relayingStream = true;
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  const streamOptions = Object.assign(streamCallbacks(record, call, finish, started), {
    idleTimeoutMs: planned.target.upstream.streamIdleTimeoutMs ?? options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    stage: repair?.stage(),
  });
  // Object.assign, not spreads, below: on Node 20 each property after a spread in a literal is a runtime call.
  const chatStream = converting !== undefined ? upstreamBody.pipeThrough(converting.stream(identity())) : upstreamBody;
  const relayed =
    native !== undefined
      ? observeEventStream(upstreamBody, Object.assign(streamOptions, { onEvent: observeNative(native, record), errorEvent: native.errorEvent }))
      : decoded.passthrough === true || decoded.writer === undefined
        ? relayEventStream(chatStream, Object.assign(streamOptions, { stripUsage: body.stream_options?.include_usage !== true }))
        : translateChatStream(chatStream, decoded.writer(), streamOptions);
  return new Response(relayed, { status: call.response.status, headers });
}

/** How the answers of an upstream that does not speak Chat become Chat: whole, and as a stream stage. */
const CONVERTED_ANSWERS: Partial<Record<string, { whole(answer: unknown, identity: ChunkIdentity): unknown; stream(identity: ChunkIdentity): TransformStream<Uint8Array, Uint8Array> }>> = {
  anthropic: { whole: (answer, identity) => fromMessagesResponse(answer, identity), stream: messagesSseToChatSse },
  responses: { whole: fromResponsesResponse, stream: responsesSseToChatSse },
};

/** The upstream request for a target: in the client's own protocol when the upstream speaks it, else in Chat form. */
function upstreamRequestFor(request: Request, record: RequestRecord, decoded: DecodedRequest, planned: PlannedTarget, apiKey: string | undefined, options: RelayHandlerOptions): UpstreamRequest {
  const { requestId } = record;
  const { upstream, model } = planned.target;
  const api = upstreamApi(upstream);
  const converted = decoded.passthrough !== true;
  if (api === 'chat') return chatUpstreamRequest(request, requestId, apiKey, decoded.chat, planned, converted);
  if (api === 'anthropic' && decoded.native?.api !== 'anthropic') {
    return {
      url: upstreamUrl(upstream.baseURL, 'messages'),
      headers: upstreamRequestHeaders(request.headers, apiKey, requestId, upstream.headers, api),
      payload: () => anthropicUpstreamBody(upstreamBody(decoded.chat, planned, converted), { model: model ?? decoded.model ?? '', maxOutputTokens: outputLimit(model, options) }),
      normalizeError: inOpenAITerms,
    };
  }
  if (api === 'responses' && decoded.native?.api !== 'responses') {
    const payload = () => {
      const { body, dropped } = toResponsesRequest(upstreamBody(decoded.chat, planned, converted), { model: model ?? decoded.model ?? '' });
      // Parameters Responses has no field for (`stop`, `n`, ...) are named in the log line, not lost silently.
      if (dropped.length > 0) record.dropped = [...new Set([...(record.dropped ?? []), ...dropped])];
      return body;
    };
    return {
      url: upstreamUrl(upstream.baseURL, 'responses'),
      headers: upstreamRequestHeaders(request.headers, apiKey, requestId, upstream.headers, api),
      payload,
      // Its errors are OpenAI's already, but a refused key is the relay's: 502, not a 401 that sends the client to log in.
      normalizeError: (status, text, headers) => (status === 401 || status === 403 ? inOpenAITerms(status, text, headers) : { status, text }),
    };
  }
  // What is left is a client of the upstream's own protocol: its request goes as it came, but for the edits.
  const native = decoded.native as NativeRequest;
  const limit = decoded.clampOutput === true ? outputLimit(model, options) : undefined;
  return {
    url: upstreamUrl(upstream.baseURL, native.endpoint),
    headers: upstreamRequestHeaders(request.headers, apiKey, requestId, upstream.headers, api),
    payload: () => native.body(planned.prepared, model, limit, reasoningRoundTrip(model, upstream.reasoningContent)),
    // The relay's key failing upstream is no fault of the client: not a 401 that would send Claude Code to log in again.
    normalizeError: (status, text, headers) => (status === 401 || status === 403 ? anthropicUpstreamAuth(status, text, headers) : { status, text }),
  };
}

/** An error of a non-OpenAI upstream (or a refused provider key) as the OpenAI error the retry policy and the doors read. */
function inOpenAITerms(status: number, text: string, headers: Headers): { status: number; text: string } {
  const error = anthropicUpstreamError({ status, body: text, headers });
  return { status: error.status, text: JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } }) };
}

function anthropicUpstreamAuth(status: number, text: string, headers: Headers): { status: number; text: string } {
  const error = anthropicUpstreamError({ status, body: text, headers });
  return { status: error.status, text: JSON.stringify({ type: 'error', error: { type: 'api_error', message: error.message } }) };
}

/** Watches a passed-through stream for its usage and its end. */
function observeNative(native: NativeRequest, record: RequestRecord) {
  const observe = native.observer();
  return (event: { event?: string; data: string }) => {
    const seen = observe(event);
    if (seen.usage !== undefined) recordUsage(record, seen.usage);
    return seen.ended;
  };
}

/** A client's `max_tokens` above the model's output limit would be refused upstream and shrink the budget. */
function clampOutput(decoded: DecodedRequest, target: Target | undefined, options: RelayHandlerOptions): void {
  const limit = outputLimit(target?.model, options);
  const body = decoded.chat;
  if (typeof body.max_tokens === 'number' && body.max_tokens > limit) body.max_tokens = limit;
}

/** The most a model writes, with the configured per-model overrides. */
function outputLimit(model: string | undefined, options: RelayHandlerOptions): number {
  return modelLimits(model, options.context === false ? undefined : options.context?.models).maxOutputTokens;
}

/** A whole completion for a client that asked for a stream, written as the one-chunk stream it amounts to. */
function streamOf(completion: unknown, decoded: DecodedRequest, headers: Headers): Response {
  const writer = decoded.writer?.();
  if (writer === undefined) throw new RelayError({ status: 500, message: 'This route cannot stream.' });
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  const text = writer.start() + writer.push(completionAsChunk(completion)) + writer.finish();
  return new Response(text, { status: 200, headers });
}

/** A 200 whose body is not JSON is no answer: the client gets a 502 it can retry, not a body it cannot parse. */
function parseUpstreamJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RelayError({
      status: 502,
      code: 'upstream_invalid_response',
      message: `The upstream answered 200 with a body that is not JSON (${text.length} bytes).`,
    });
  }
}
