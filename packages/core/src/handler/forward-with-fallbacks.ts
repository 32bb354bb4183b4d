import { prepareStepsCooperatively } from '../context/prepare-cooperatively.js';
import { errorResponse, toRelayError } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../options/relay-options.js';
import type { RelayContext } from '../plugins/relay-plugin.js';
import type { PlannedTarget } from '../routing/plan-targets.js';
import { prepareForTarget } from '../routing/prepare-context.js';
import { isRetryableStatus, retryDelay } from '../routing/retry-policy.js';
import type { ChatRequest } from '../types/chat.js';
import { parseContextOverflow } from '../upstream/context-overflow.js';
import { applyReasoningRoundTrip, reasoningRoundTrip } from '../upstream/reasoning-round-trip.js';
import { upstreamApi } from '../upstream/upstream-api.js';
import { upstreamErrorResponse } from '../upstream/upstream-error-response.js';
import { upstreamRequestHeaders } from '../upstream/upstream-headers.js';
import { upstreamUrl } from '../upstream/upstream-url.js';
import { waitUnlessAborted } from '../util/wait-unless-aborted.js';
import { callUpstream, clientClosedError, readUpstreamText, type UpstreamCall } from './call-upstream.js';
import { keyOutcome, keysResting } from './key-outcome.js';
import type { RelayRuntime } from './relay-runtime.js';
import { serializeBody } from './serialize-body.js';

/** What goes to one target: its URL, headers (the provider key among them) and body. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  /**
   * The JSON body as a value, built only when it is serialized (in slices when large, see `serializeBody`):
   * once per target, however many retries and key switches it gets.
   */
  payload(): unknown;
  /**
   * An error answer in OpenAI's terms (status and body), for an upstream that words its errors otherwise:
   * the retry policy, the overflow correction and the client then read it as any other.
   */
  normalizeError?(status: number, text: string, headers: Headers): { status: number; text: string };
}

export interface Forwarded {
  call: UpstreamCall;
  planned: PlannedTarget;
}

/**
 * Sends the request to its targets in order: each up to `retry.attempts` times with backoff on connection
 * errors, 429 and 5xx, then the next fallback. A context-overflow answer tightens the estimate and retries
 * once. Client errors come back at once. All of this happens before any byte reaches the client.
 */
export async function forwardWithFallbacks(
  context: RelayContext,
  body: ChatRequest,
  build: (planned: PlannedTarget, apiKey: string | undefined) => UpstreamRequest,
  plan: PlannedTarget[],
  runtime: RelayRuntime,
): Promise<Forwarded | Response> {
  const { options, plugins, learned } = runtime;
  const { request, record, responseHeaders } = context;
  const maxAttempts = Math.max(1, options.retry?.attempts ?? 3);
  let last: Response | undefined;

  const bodies: (string | Uint8Array<ArrayBuffer> | undefined)[] = [];
  for (let index = 0; index < plan.length; index += 1) {
    const planned = plan[index] as PlannedTarget;
    const { target } = planned;
    const hasFallback = index < plan.length - 1;
    const timeoutMs = target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let adjusted = false;
    let tries = 0;
    const keys = runtime.keys(target.upstream);
    // Moving to another key after a rate limit or a refusal is not a retry; bounded by the keys there are.
    let keySwitches = 0;
    while (tries < maxAttempts) {
      tries += 1;
      record.attempts = (record.attempts ?? 0) + 1;
      const started = Date.now();
      const attemptNumber = record.attempts;
      const picked = runtime.pickKey(target.upstream, started);
      const keyFingerprint = 'apiKey' in picked ? picked.fingerprint : undefined;
      let keyReported: 'rested' | 'removed' | undefined;
      // Object.assign rather than a spread: on Node 20 each property after a spread costs a runtime call.
      const attempt = <T extends object>(outcome: T) =>
        Object.assign({ upstream: target.upstreamName, model: target.model, attempt: attemptNumber, startedAt: started, keyFingerprint, keyOutcome: keyReported }, outcome);
      if (!('apiKey' in picked)) {
        // Every key of this upstream rests: a fallback may serve; else the client hears when to come back.
        const error = keysResting(target.upstreamName, picked.restingUntil, started);
        plugins.onUpstreamAttempt(context, attempt({ error: error.message, errorCode: 'provider_keys_resting', durationMs: 0, willRetry: hasFallback }));
        last = errorResponse(error, responseHeaders);
        break;
      }
      const { apiKey } = picked;
      let call: UpstreamCall;
      let upstreamRequest: UpstreamRequest;
      try {
        upstreamRequest = build(planned, apiKey);
      } catch (error) {
        // This target cannot take the request (an upstream of another protocol): the next fallback may.
        const relayError = toRelayError(error);
        plugins.onUpstreamAttempt(context, attempt({ error: relayError.message, errorCode: relayError.code ?? undefined, durationMs: 0, willRetry: hasFallback }));
        last = errorResponse(relayError, responseHeaders);
        break;
      }
      try {
        // Serialized once per target, however many tries it gets.
        const body = (bodies[index] ??= await serializeBody(upstreamRequest.payload(), request.signal, requestBytes(request)));
        // What the observers see as sent is what this try sends (a fallback's or a re-fitted history).
        if (context.conversation !== undefined) context.conversation.sent = planned.prepared;
        plugins.beforeUpstream(context, { upstream: target.upstreamName, model: target.model, attempt: attemptNumber, startedAt: started, headers: upstreamRequest.headers });
        call = await callUpstream(options.fetch ?? fetch, upstreamRequest.url, { headers: upstreamRequest.headers, body }, request.signal, timeoutMs);
      } catch (error) {
        const relayError = toRelayError(error);
        if (relayError.code === 'client_closed_request') throw relayError;
        // An unreachable upstream is worth retrying; one that timed out has had its chance.
        const retryable = relayError.code === 'upstream_unreachable';
        const delay = retryable && tries < maxAttempts ? retryDelay(tries, options.retry ?? {}, undefined) : undefined;
        plugins.onUpstreamAttempt(
          context,
          attempt({ error: relayError.message, errorCode: relayError.code ?? undefined, durationMs: Date.now() - started, willRetry: delay !== undefined || hasFallback }),
        );
        last = errorResponse(relayError, responseHeaders);
        if (delay === undefined) break;
        if (!(await waitUnlessAborted(delay, request.signal))) throw clientClosedError();
        continue;
      }

      if (call.response.ok) {
        const { status } = call.response;
        plugins.onUpstreamAttempt(context, attempt({ status, durationMs: Date.now() - started, willRetry: false }));
        return { call, planned };
      }
      const raw = await readUpstreamText(call, timeoutMs);
      call.settle();
      const { status, text } = upstreamRequest.normalizeError?.(call.response.status, raw, call.response.headers) ?? { status: call.response.status, text: raw };
      const overflow = planned.prepared !== undefined && !adjusted ? parseContextOverflow(status, text) : undefined;
      if (overflow !== undefined && planned.prepared !== undefined) {
        // Our estimate was low for this provider's tokenizer: tighten by what it counted and try once more.
        adjusted = true;
        tries -= 1;
        const sent = planned.prepared.report.tokensAfter;
        const factorBoost = overflow.actual !== undefined && sent > 0 ? Math.max(1.05, (overflow.actual / sent) * 1.02) : 1.15;
        plugins.onUpstreamAttempt(context, attempt({ status, error: 'context_length_exceeded', durationMs: Date.now() - started, willRetry: true }));
        const adjustment = { factorBoost, contextWindow: overflow.limit };
        learned.learn(target.model, adjustment);
        const known = learned.get(target.model) ?? adjustment;
        planned.prepared = await prepareStepsCooperatively(() => prepareForTarget(body, target, options.context || {}, known), { signal: request.signal });
        // The messages changed: the next try serializes its own body.
        bodies[index] = undefined;
        continue;
      }
      if (keys !== undefined && keyFingerprint !== undefined && keySwitches < keys.size) {
        const outcome = keyOutcome(keys, keyFingerprint, call.response.status, call.response.headers);
        keyReported = outcome.reported;
        if (outcome.switch) {
          // Another key carries on at once: the client never sees this key's limit or refusal.
          keySwitches += 1;
          tries -= 1;
          plugins.onUpstreamAttempt(context, attempt({ status, durationMs: Date.now() - started, willRetry: true }));
          continue;
        }
      }
      const failure = upstreamErrorResponse({ status, headers: call.response.headers }, text, responseHeaders, apiKey);
      if (!isRetryableStatus(status)) {
        plugins.onUpstreamAttempt(context, attempt({ status, durationMs: Date.now() - started, willRetry: false }));
        return failure;
      }
      last = failure;
      const delay = tries < maxAttempts ? retryDelay(tries, options.retry ?? {}, call.response.headers) : undefined;
      plugins.onUpstreamAttempt(context, attempt({ status, durationMs: Date.now() - started, willRetry: delay !== undefined || hasFallback }));
      if (delay === undefined) break;
      if (!(await waitUnlessAborted(delay, request.signal))) throw clientClosedError();
    }
  }
  return last ?? errorResponse(new RelayError({ status: 502, code: 'upstream_unavailable', message: 'No upstream could serve the request.' }), responseHeaders);
}

/** The request for an OpenAI-compatible Chat upstream: the fitted messages, the target's model, usage asked for. */
export function chatUpstreamRequest(request: Request, requestId: string, apiKey: string | undefined, body: ChatRequest, planned: PlannedTarget, converted: boolean): UpstreamRequest {
  const { upstream } = planned.target;
  return {
    url: upstreamUrl(upstream.baseURL, 'chat/completions'),
    headers: upstreamRequestHeaders(request.headers, apiKey, requestId, upstream.headers),
    payload: () => upstreamBody(body, planned, converted),
  };
}

/**
 * The Chat request a target gets: its model, the fitted messages, usage asked for on streams. `converted`:
 * the request came through another protocol, so any `reasoning_content` in it is the relay's own doing.
 */
export function upstreamBody(body: ChatRequest, planned: PlannedTarget, converted: boolean): ChatRequest {
  const sent: ChatRequest = { ...body };
  if (planned.target.model !== undefined) sent.model = planned.target.model;
  if (planned.prepared !== undefined) sent.messages = planned.prepared.messages;
  // Thinking carried over from Messages or Responses goes back as the upstream model needs it (see the table in
  // reasoning-round-trip.ts). A Chat client's own messages are its business and go as sent.
  if (converted) {
    const roundTrip = reasoningRoundTrip(planned.target.model, planned.target.upstream.reasoningContent);
    // The Anthropic and Responses conversions leave `reasoning_content` out themselves; only inline text is theirs to carry.
    if (upstreamApi(planned.target.upstream) === 'chat' || roundTrip === 'inline-think') sent.messages = applyReasoningRoundTrip(sent.messages, roundTrip);
  }
  // Usage is always asked for, so logs and limits see real counts; the stream strips it if the client did not ask.
  if (body.stream === true) sent.stream_options = { ...body.stream_options, include_usage: true };
  return sent;
}

/** The client's body size, when it declared one. */
function requestBytes(request: Request): number | undefined {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) ? declared : undefined;
}
