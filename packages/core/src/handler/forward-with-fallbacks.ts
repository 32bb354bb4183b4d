import { prepareStepsCooperatively } from '../context/prepare-cooperatively.js';
import { toRelayError } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../options/relay-options.js';
import type { PlannedTarget } from '../routing/plan-targets.js';
import { prepareForTarget } from '../routing/prepare-context.js';
import { isRetryableStatus, retryDelay } from '../routing/retry-policy.js';
import type { ChatRequest } from '../types/chat.js';
import { redactKey } from '../upstream/redact-key.js';
import { waitUnlessAborted } from '../util/wait-unless-aborted.js';
import { callUpstream, clientClosedError, readUpstreamText, type UpstreamCall } from './call-upstream.js';
import type { ConversationRequest } from './conversation-request.js';
import { keyOutcome, keysResting } from './key-outcome.js';
import { serializeBody } from './serialize-body.js';
import type { UpstreamRequest } from './upstream-request.js';

export interface Forwarded {
  call: UpstreamCall;
  planned: PlannedTarget;
  request: UpstreamRequest;
}

/**
 * Sends the request to its targets in order: each up to `retry.attempts` times with backoff on connection
 * errors, 429 and 5xx, then the next fallback. A context-overflow answer tightens the estimate and retries
 * once. Client errors come back at once. All of this happens before any byte reaches the client. The
 * answer is the first good call, or the last failure as a value (an upstream's decoded by its codec).
 */
export async function forwardWithFallbacks(
  conversation: ConversationRequest,
  body: ChatRequest,
  plan: PlannedTarget[],
  build: (planned: PlannedTarget, apiKey: string | undefined) => UpstreamRequest,
): Promise<Forwarded | RelayError> {
  const { context, runtime } = conversation;
  const { options, plugins, learned } = runtime;
  const { request, record } = context;
  const maxAttempts = Math.max(1, options.retry?.attempts ?? 3);
  let last: RelayError | undefined;

  for (let index = 0; index < plan.length; index += 1) {
    const planned = plan[index] as PlannedTarget;
    // This target's serialized body: one, or one per key where the body depends on it (reasoning a provider encrypted for one key).
    const bodies = new Map<string | undefined, string | Uint8Array<ArrayBuffer>>();
    const { target } = planned;
    const hasFallback = index < plan.length - 1;
    const timeoutMs = target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let adjusted = false;
    let tries = 0;
    const keys = runtime.keys(target.upstream);
    // Moving to another key after a rate limit or a refusal is not a retry; bounded by the keys there were
    // when this target began (a refused key leaves the count, and the bound must not shrink with it).
    const maxKeySwitches = keys?.size ?? 0;
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
        last = error;
        break;
      }
      const { apiKey } = picked;
      let call: UpstreamCall;
      let upstreamRequest: UpstreamRequest;
      try {
        upstreamRequest = build(planned, apiKey);
        // Serialized once per target, however many tries and key switches it gets (once per key if it depends on it).
        const bodyKey = upstreamRequest.codec.keyBoundBody ? apiKey : undefined;
        let body = bodies.get(bodyKey);
        if (body === undefined) {
          body = await serializeBody(upstreamRequest.payload(), request.signal, requestBytes(request));
          bodies.set(bodyKey, body);
        }
        // What the observers see as sent is what this try sends (a fallback's or a re-fitted history).
        if (context.conversation !== undefined) context.conversation.sent = planned.prepared;
        plugins.beforeUpstream(context, { upstream: target.upstreamName, model: target.model, attempt: attemptNumber, startedAt: started, headers: upstreamRequest.headers });
        call = await callUpstream(options.fetch ?? fetch, upstreamRequest.url, { headers: upstreamRequest.headers, body }, request.signal, timeoutMs);
      } catch (error) {
        const relayError = toRelayError(error);
        if (relayError.code === 'client_closed_request') throw relayError;
        // An unreachable upstream is worth retrying; one that timed out has had its chance, and a request this
        // target cannot be sent (its body could not be built) goes to the next fallback.
        const retryable = relayError.code === 'upstream_unreachable';
        const delay = retryable && tries < maxAttempts ? retryDelay(tries, options.retry ?? {}, undefined) : undefined;
        plugins.onUpstreamAttempt(
          context,
          attempt({ error: relayError.message, errorCode: relayError.code ?? undefined, durationMs: Date.now() - started, willRetry: delay !== undefined || hasFallback }),
        );
        last = relayError;
        if (delay === undefined) break;
        if (!(await waitUnlessAborted(delay, request.signal))) throw clientClosedError();
        continue;
      }

      if (call.response.ok) {
        const { status } = call.response;
        plugins.onUpstreamAttempt(context, attempt({ status, durationMs: Date.now() - started, willRetry: false }));
        return { call, planned, request: upstreamRequest };
      }
      const raw = await readUpstreamText(call, timeoutMs);
      call.settle();
      // In the relay's terms whatever the upstream's protocol: status, code, the overflow's counts, retry hints.
      const failure = upstreamRequest.codec.decodeError({ status: call.response.status, text: redactKey(raw, apiKey), headers: call.response.headers });
      // Attempts are reported, and retried, by what the upstream answered (a refused key is no 502 worth retrying).
      const status = failure.upstreamStatus;
      const overflow = planned.prepared !== undefined && !adjusted ? failure.overflow : undefined;
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
        planned.prepared = await prepareStepsCooperatively(() => prepareForTarget(body, target, options.context || {}, known, upstreamRequest.codec.outputBeyondWindow), { signal: request.signal });
        // The messages changed: the next try serializes its own body.
        bodies.clear();
        continue;
      }
      if (keys !== undefined && keyFingerprint !== undefined && keySwitches < maxKeySwitches) {
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
  return last ?? new RelayError({ status: 502, code: 'upstream_unavailable', message: 'No upstream could serve the request.' });
}

/** The client's body size, when it declared one. */
function requestBytes(request: Request): number | undefined {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) ? declared : undefined;
}
