import { estimateTokensSteps } from '../context/estimate-tokens.js';
import { prepareStepsCooperatively } from '../context/prepare-cooperatively.js';
import { encodingForModel, isEncodingLoaded, loadEncoding } from '../context/tokenizer.js';
import { formatReport } from '../context/truncation-report.js';
import { RelayError } from '../errors/relay-error.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS, type RelayHandlerOptions } from '../options/relay-options.js';
import type { AnswerStreamOptions, DecodedRequest } from '../protocols/front-door.js';
import { upstreamCodec } from '../protocols/upstream-codecs.js';
import { planTargets } from '../routing/plan-targets.js';
import { resolveTargets, type Target } from '../routing/resolve-targets.js';
import { completionAsChunk } from '../sse/completion-as-chunk.js';
import { repairListener } from '../tool-repair/repair-listener.js';
import { toolRepairFor } from '../tool-repair/tool-repair-for.js';
import type { Usage } from '../types/chat.js';
import { passResponseHeaders } from '../upstream/upstream-headers.js';
import { readJsonBody } from '../util/read-json-body.js';
import { readUpstreamText } from './call-upstream.js';
import { conversationId } from './conversation-id.js';
import type { ConversationRequest } from './conversation-request.js';
import { forwardWithFallbacks } from './forward-with-fallbacks.js';
import { outputLimit } from './output-limit.js';
import { recordUsage } from './record-usage.js';
import { streamCallbacks } from './stream-callbacks.js';
import { upstreamRequestFor } from './upstream-request.js';

/**
 * One conversation request through any front door: decode it to the internal Chat form, route it, fit
 * the context, let plugins decide, forward with retries and fallbacks through each target's upstream codec,
 * and answer in the client's protocol. A stream calls `finish` when it ends; everything else returns first.
 * The front door and the upstream codec hold every protocol's knowledge: here they are only compared.
 */
export async function relayConversation(conversation: ConversationRequest): Promise<Response> {
  const { context, door, runtime, finish, started } = conversation;
  const { options, plugins, learned } = runtime;
  const { request, record, responseHeaders: headers } = context;
  const decoded = door.decode(await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, runtime.keepBytes, record));
  const body = decoded.chat;
  record.model = decoded.model;
  record.stream = decoded.stream;
  if (decoded.dropped.length > 0) record.dropped = [...decoded.dropped];
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
  const plan = await prepareStepsCooperatively(() => planTargets(body, targets, options.context ?? {}, learned, outputBeyondWindow), cooperative);
  if (plan.contextFallback) record.contextFallback = true;
  const first = plan.ordered[0]?.prepared;
  context.conversation = { request: body, sent: first };
  await plugins.beforeForward(context, {
    body,
    requestedModel: decoded.model,
    promptTokens: first?.report.tokensAfter ?? (await prepareStepsCooperatively(() => estimateTokensSteps(body), cooperative)),
    targets: plan.ordered.map(({ target }) => ({ upstream: target.upstreamName, model: target.model })),
  });
  const source = { request, record, door, decoded, options };
  const forwarded = await forwardWithFallbacks(conversation, body, plan.ordered, (planned, apiKey) => upstreamRequestFor(source, planned, apiKey));
  headers.set('x-llm-relay-attempts', String(record.attempts ?? 0));
  // The front door answers it in its protocol (an upstream's own answer, when the client speaks its protocol).
  if (RelayError.isInstance(forwarded)) throw forwarded;
  const { call, planned } = forwarded;
  const { codec } = forwarded.request;
  // Same protocol both ways: the answer passes as the upstream sent it. Else it comes back through the Chat form.
  const sameProtocol = door.api === codec.api;
  // Only for an answer decoded into the Chat form. `origin`: what the answer hands back to be returned (encrypted
  // reasoning) goes back only to this upstream and key.
  const identity = () => ({
    id: `chatcmpl-${record.requestId}`,
    model: decoded.model ?? planned.target.model ?? '',
    created: Math.floor(Date.now() / 1000),
    origin: forwarded.request.origin,
  });
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
  // Open models' tool calls written as text or with broken arguments: repaired where answers are free text.
  const repairs = codec.repairsToolCalls && planned.target.toolRepair !== false && planned.target.upstream.toolRepair !== false;
  const repair = repairs ? toolRepairFor(body, options.toolRepair, true, repairListener(record)) : undefined;
  const upstreamBody = call.response.body;
  // A provider that answers a stream request with plain JSON gets passed through (or converted) as such.
  const eventStream = call.response.headers.get('content-type')?.includes('text/event-stream') === true;
  if (!decoded.stream || upstreamBody === null || !eventStream) {
    const text = await readUpstreamText(call, planned.target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    call.settle();
    const parsed = parseUpstreamJson(text);
    const inChat = sameProtocol ? parsed : codec.decodeAnswer(parsed, identity());
    const completion = repair === undefined ? inChat : repair.completion(inChat);
    recordUsage(record, sameProtocol ? decoded.native.usage(completion) : (completion as { usage?: Usage } | null)?.usage);
    // A whole answer's usage is known before the headers go: the share read from the provider's cache joins the report.
    if (report !== undefined && record.cachedTokens !== undefined && record.promptTokens)
      headers.set('x-llm-relay-context', `${report}; cached=${(record.cachedTokens / record.promptTokens).toFixed(3)}`);
    if (sameProtocol && completion === parsed) {
      headers.set('content-type', call.response.headers.get('content-type') ?? 'application/json');
      return new Response(text, { status: call.response.status, headers });
    }
    headers.set('content-type', 'application/json');
    if (sameProtocol) return new Response(JSON.stringify(completion), { status: 200, headers });
    if (decoded.stream) return streamOf(completion, decoded, headers);
    return new Response(JSON.stringify(decoded.answer(completion)), { status: 200, headers });
  }
  call.settle();
  context.state.relayingStream = true;
  headers.set('content-type', 'text/event-stream; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  // Object.assign, not spreads: on Node 20 each property after a spread in a literal is a runtime call.
  const streamOptions: AnswerStreamOptions = Object.assign(streamCallbacks(record, call, finish, started), {
    idleTimeoutMs: planned.target.upstream.streamIdleTimeoutMs ?? options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    stage: repair?.stage(),
  });
  const relayed = sameProtocol ? decoded.native.relay(upstreamBody, streamOptions) : decoded.answerStream(codec.decodeStream(upstreamBody, identity()), streamOptions);
  return new Response(relayed, { status: call.response.status, headers });
}

/** Whether a target's provider lets prompt + `max_tokens` exceed the window (its codec knows). */
function outputBeyondWindow(target: Target): boolean {
  return upstreamCodec(target.upstream).outputBeyondWindow;
}

/** A client's `max_tokens` above the model's output limit would be refused upstream and shrink the budget. */
function clampOutput(decoded: DecodedRequest, target: Target | undefined, options: RelayHandlerOptions): void {
  const limit = outputLimit(target?.model, options);
  const body = decoded.chat;
  if (typeof body.max_tokens === 'number' && body.max_tokens > limit) body.max_tokens = limit;
}

/** A whole completion for a client that asked for a stream, written as the one-chunk stream it amounts to. */
function streamOf(completion: unknown, decoded: DecodedRequest, headers: Headers): Response {
  const writer = decoded.writer();
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
