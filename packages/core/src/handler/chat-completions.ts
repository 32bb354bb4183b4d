import { formatReport } from '../context/truncation-report.js';
import { errorResponse } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { mapModel } from '../models/map-model.js';
import { relayEventStream } from '../sse/relay-event-stream.js';
import type { ChatRequest, Usage } from '../types/chat.js';
import { parseContextOverflow } from '../upstream/context-overflow.js';
import { passResponseHeaders, upstreamRequestHeaders } from '../upstream/upstream-headers.js';
import { upstreamUrl } from '../upstream/upstream-url.js';
import { callUpstream, readUpstreamText, type UpstreamCall } from './call-upstream.js';
import { prepareContext, type ContextAdjustment } from './prepare-context.js';
import { readJsonBody } from './read-json-body.js';
import type { RelayHandlerOptions, RequestRecord } from './relay-options.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './relay-options.js';
import { validateChatRequest } from './validate-chat-request.js';

interface Attempt {
  call: UpstreamCall;
  body: ChatRequest;
}

/**
 * POST /v1/chat/completions: validate, map the model, fit the context, forward, relay the answer.
 * `record` is filled in as the request goes, and reported by the caller when the response has ended.
 */
export async function chatCompletions(
  request: Request,
  options: RelayHandlerOptions,
  record: RequestRecord,
  headers: Headers,
  finish: () => void,
  started: number,
): Promise<Response> {
  const body = validateChatRequest(await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  const upstreamModel = mapModel(body.model, options.models ?? {});
  const stream = body.stream === true;
  record.model = body.model;
  record.upstreamModel = upstreamModel;
  record.stream = stream;
  headers.set('x-llm-relay-model', upstreamModel ?? '');

  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const fetchImpl = options.fetch ?? fetch;
  const url = upstreamUrl(options.upstream.baseURL, 'chat/completions');
  const wantsUsage = body.stream_options?.include_usage === true;

  const send = async (adjustment?: ContextAdjustment): Promise<Attempt> => {
    const upstreamBody = buildUpstreamBody(body, upstreamModel, stream, options, record, adjustment);
    if (record.truncation !== undefined) headers.set('x-llm-relay-context', formatReport(record.truncation));
    record.attempts = (record.attempts ?? 0) + 1;
    const upstreamHeaders = upstreamRequestHeaders(request.headers, options.upstream.apiKey, record.requestId, options.upstream.headers);
    const call = await callUpstream(fetchImpl, url, { headers: upstreamHeaders, body: JSON.stringify(upstreamBody) }, request.signal, timeoutMs);
    return { call, body: upstreamBody };
  };

  let attempt = await send();
  if (!attempt.call.response.ok) {
    const errorText = await readUpstreamText(attempt.call, timeoutMs);
    const overflow = options.context === false ? undefined : parseContextOverflow(attempt.call.response.status, errorText);
    if (overflow === undefined) return upstreamError(attempt.call, errorText, headers, options.upstream.apiKey);
    attempt.call.settle();
    // Our estimate was low for this provider's tokenizer: tighten by what it counted and try once more.
    const sent = record.truncation?.tokensAfter ?? 0;
    const factorBoost = overflow.actual !== undefined && sent > 0 ? Math.max(1.05, (overflow.actual / sent) * 1.02) : 1.15;
    attempt = await send({ factorBoost, contextWindow: overflow.limit });
    if (!attempt.call.response.ok) return upstreamError(attempt.call, await readUpstreamText(attempt.call, timeoutMs), headers, options.upstream.apiKey);
  }

  const { call } = attempt;
  passResponseHeaders(call.response.headers, headers);
  const upstreamBodyStream = call.response.body;
  if (!stream || upstreamBodyStream === null) {
    const text = await readUpstreamText(call, timeoutMs);
    call.settle();
    recordUsage(record, usageOf(text));
    headers.set('content-type', call.response.headers.get('content-type') ?? 'application/json');
    return new Response(text, { status: call.response.status, headers });
  }

  call.settle();
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  const relayed = relayEventStream(upstreamBodyStream, {
    idleTimeoutMs: options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    stripUsage: !wantsUsage,
    onFirstByte: () => {
      record.ttfbMs = record.ttfbMs ?? Date.now() - started;
    },
    onUsage: (usage) => recordUsage(record, usage),
    onCancel: () => call.abort(),
    onEnd: (outcome, detail) => {
      record.outcome = outcome;
      if (detail !== undefined) record.error = detail;
      finish();
    },
  });
  return new Response(relayed, { status: call.response.status, headers });
}

function buildUpstreamBody(
  body: ChatRequest,
  upstreamModel: string | undefined,
  stream: boolean,
  options: RelayHandlerOptions,
  record: RequestRecord,
  adjustment: ContextAdjustment | undefined,
): ChatRequest {
  const upstreamBody: ChatRequest = { ...body };
  if (upstreamModel !== undefined) upstreamBody.model = upstreamModel;
  if (options.context !== false) {
    const { messages, report } = prepareContext(body, upstreamModel, options.context ?? {}, adjustment);
    upstreamBody.messages = messages;
    record.truncation = report;
  }
  // Usage is always asked for, so logs and limits see real counts; the stream strips it if the client did not ask.
  if (stream) upstreamBody.stream_options = { ...body.stream_options, include_usage: true };
  return upstreamBody;
}

function upstreamError(call: UpstreamCall, rawText: string, headers: Headers, apiKey: string | undefined): Response {
  call.settle();
  // Some providers echo the key they were sent; it never goes back to a client.
  const text = apiKey !== undefined && apiKey.length >= 4 ? rawText.split(apiKey).join('[redacted]') : rawText;
  passResponseHeaders(call.response.headers, headers);
  const status = call.response.status;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: unknown } | undefined)?.error;
  if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    headers.set('content-type', 'application/json');
    return new Response(text, { status, headers });
  }
  const detail = typeof error === 'string' ? error : text.slice(0, 500);
  return errorResponse(
    new RelayError({ status, type: status >= 500 ? 'upstream_error' : 'invalid_request_error', code: 'upstream_error', message: `The upstream answered ${status}: ${detail}` }),
    headers,
  );
}

function usageOf(text: string): Usage | undefined {
  try {
    return (JSON.parse(text) as { usage?: Usage }).usage;
  } catch {
    return undefined;
  }
}

function recordUsage(record: RequestRecord, usage: Usage | undefined): void {
  if (usage === undefined || usage === null) return;
  if (typeof usage.prompt_tokens === 'number') record.promptTokens = usage.prompt_tokens;
  if (typeof usage.completion_tokens === 'number') record.completionTokens = usage.completion_tokens;
}
