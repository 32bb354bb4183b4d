import { estimateTokens } from '../context/estimate-tokens.js';
import { encodingForModel, isEncodingLoaded, loadEncoding } from '../context/tokenizer.js';
import { formatReport } from '../context/truncation-report.js';
import { prepareCooperatively } from '../context/prepare-cooperatively.js';
import { RelayError } from '../errors/relay-error.js';
import type { PluginRunner } from '../plugins/plugin-runner.js';
import type { RelayContext } from '../plugins/relay-plugin.js';
import { planTargets } from '../routing/plan-targets.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { relayEventStream } from '../sse/relay-event-stream.js';
import type { RequestRecord } from './relay-options.js';
import type { Usage } from '../types/chat.js';
import { passResponseHeaders } from '../upstream/upstream-headers.js';
import { readUpstreamText } from './call-upstream.js';
import { forwardWithFallbacks } from './forward-with-fallbacks.js';
import type { LearnedAdjustments } from './learned-adjustments.js';
import { readJsonBody } from './read-json-body.js';
import type { RelayHandlerOptions } from './relay-options.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from './relay-options.js';
import { validateChatRequest } from './validate-chat-request.js';

/**
 * POST /v1/chat/completions: validate, route, fit the context, let plugins decide, forward with retries
 * and fallbacks, relay the answer. A stream calls `finish` when it ends; everything else returns first.
 */
export async function chatCompletions(
  context: RelayContext,
  options: RelayHandlerOptions,
  plugins: PluginRunner,
  learned: LearnedAdjustments,
  finish: () => void,
  started: number,
): Promise<Response> {
  const { request, record, responseHeaders: headers } = context;
  const body = validateChatRequest(await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  const stream = body.stream === true;
  record.model = body.model;
  record.stream = stream;

  const targets = resolveTargets(body.model, options);
  // A GPT-4-era upstream model needs the cl100k tokenizer, loaded on the first such request.
  if (options.context !== false) {
    const missing = targets.map((target) => encodingForModel(target.model)).filter((encoding) => !isEncodingLoaded(encoding));
    if (missing.length > 0) await Promise.all(missing.map(loadEncoding));
  }
  // Counting a big request is BPE work: done in slices, so other requests and streams keep flowing.
  const cooperative = { signal: request.signal };
  const plan = await prepareCooperatively(() => planTargets(body, targets, options.context ?? {}, learned), cooperative);
  if (plan.contextFallback) record.contextFallback = true;
  const first = plan.ordered[0]?.prepared;
  await plugins.beforeForward(context, {
    body,
    requestedModel: body.model,
    promptTokens: first?.report.tokensAfter ?? (await prepareCooperatively(() => estimateTokens(body), cooperative)),
    targets: plan.ordered.map(({ target }) => ({ upstream: target.upstreamName, model: target.model })),
  });

  const forwarded = await forwardWithFallbacks(context, body, plan.ordered, options, plugins, learned);
  headers.set('x-llm-relay-attempts', String(record.attempts ?? 0));
  if (forwarded instanceof Response) {
    forwarded.headers.set('x-llm-relay-attempts', String(record.attempts ?? 0));
    return forwarded;
  }
  const { call, planned } = forwarded;
  record.upstream = planned.target.upstreamName;
  record.upstreamModel = planned.target.model;
  if (planned.prepared !== undefined) {
    record.truncation = planned.prepared.report;
    headers.set('x-llm-relay-context', formatReport(planned.prepared.report));
  }
  headers.set('x-llm-relay-upstream', planned.target.upstreamName);
  headers.set('x-llm-relay-model', planned.target.model ?? '');
  passResponseHeaders(call.response.headers, headers);

  const upstreamBody = call.response.body;
  // A provider that answers a stream request with plain JSON gets passed through as such.
  const eventStream = call.response.headers.get('content-type')?.includes('text/event-stream') === true;
  if (!stream || upstreamBody === null || !eventStream) {
    const text = await readUpstreamText(call, planned.target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    call.settle();
    const parsed = parseUpstreamJson(text);
    recordUsage(record, (parsed as { usage?: Usage } | null)?.usage);
    headers.set('content-type', call.response.headers.get('content-type') ?? 'application/json');
    return new Response(text, { status: call.response.status, headers });
  }

  call.settle();
  context.state.relayingStream = true;
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  const relayed = relayEventStream(upstreamBody, {
    idleTimeoutMs: planned.target.upstream.streamIdleTimeoutMs ?? options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    stripUsage: body.stream_options?.include_usage !== true,
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

function recordUsage(record: RequestRecord, usage: Usage | undefined): void {
  if (usage === undefined || usage === null) return;
  if (typeof usage.prompt_tokens === 'number') record.promptTokens = usage.prompt_tokens;
  if (typeof usage.completion_tokens === 'number') record.completionTokens = usage.completion_tokens;
}
