import type { TruncateResult } from '../context/truncate-context.js';
import type { RelayError } from '../errors/relay-error.js';
import type { ChatRequest } from '../types/chat.js';
import type { RequestRecord } from './request-record.js';

export type RelayRoute = 'chat' | 'messages' | 'count_tokens' | 'responses' | 'models' | 'health' | 'unknown';

/** What a plugin sees of one request. */
export interface RelayContext {
  request: Request;
  route: RelayRoute;
  /** The log record being filled in; complete by `onResponse`. */
  record: RequestRecord;
  /** Headers added to the response, whatever it turns out to be (rate-limit headers, ...). */
  responseHeaders: Headers;
  /** Room for plugins to pass things along between hooks. */
  state: Record<string, unknown>;
  /**
   * A conversation request as the relay handled it, once decoded: what the client sent (in the internal Chat
   * form) and what the context engine made of it for the target that served it (or was tried last).
   * Observers read it by reference; it is not copied.
   */
  conversation?: ConversationView;
}

export interface ConversationView {
  request: ChatRequest;
  /** The fitted messages, and for each the index in `request.messages` it came from; undefined with the context engine off. */
  sent: TruncateResult | undefined;
}

/** One upstream call about to be made: an observer may add headers (a trace's `traceparent`, ...). */
export interface UpstreamCallStart {
  upstream: string;
  model: string | undefined;
  /** 1-based, across targets. */
  attempt: number;
  /** When the call starts, in ms since the epoch. */
  startedAt: number;
  /** The request's headers; the provider key is among them, so observers must never log them. */
  headers: Record<string, string>;
}

export interface ForwardInfo {
  body: ChatRequest;
  requestedModel: string | undefined;
  /** Prompt tokens of what will be sent to the first target, after truncation. */
  promptTokens: number;
  /** Upstream name and model of each target, first to last fallback. */
  targets: { upstream: string; model: string | undefined }[];
}

export interface UpstreamAttempt {
  upstream: string;
  model: string | undefined;
  /** 1-based, across targets. */
  attempt: number;
  /** When the call started, in ms since the epoch. */
  startedAt: number;
  status?: number;
  error?: string;
  /** The relay's code for a failure without an answer (`upstream_unreachable`, `upstream_timeout`, ...). */
  errorCode?: string;
  /** The fingerprint of the provider key used, for an upstream with several keys (never the key). */
  keyFingerprint?: string;
  /** What the answer did to that key: `rested` after a 429 or 529, `removed` (first time only) after a 401 or 403. */
  keyOutcome?: 'rested' | 'removed';
  durationMs: number;
  /** Whether the relay will try again (same target or a fallback). */
  willRetry: boolean;
}

/**
 * The middleware interface. Every hook is optional; a hook that throws a `RelayError` in `onRequest` or
 * `beforeForward` answers the request with it. Errors thrown by the observing hooks are ignored so that
 * they can never break a response.
 *
 * @example
 * const blockNights: RelayPlugin = {
 *   name: 'office-hours',
 *   onRequest: () => { if (new Date().getHours() < 6) throw new RelayError({ status: 403, message: 'Closed at night.' }); },
 * };
 */
export interface RelayPlugin {
  name: string;
  /** Every request, before its body is read: authentication lives here. */
  onRequest?(context: RelayContext): void | Promise<void>;
  /** A chat request about to be forwarded, with its routing and prompt size: quotas and policy live here. */
  beforeForward?(context: RelayContext, info: ForwardInfo): void | Promise<void>;
  /** Before each upstream call: observers may add headers to it, never answer. */
  beforeUpstream?(context: RelayContext, call: UpstreamCallStart): void;
  /** After each upstream call, successful or not. */
  onUpstreamAttempt?(context: RelayContext, attempt: UpstreamAttempt): void;
  /**
   * The request ended with an error of the relay's (validation, auth, limits, timeouts, an unreachable or
   * refused upstream). An upstream's own error answer passed on is not one: `record` has its status and
   * `record.error` reads `upstream answered <status>`.
   */
  onError?(context: RelayContext, error: RelayError): void;
  /** The request has fully ended (a stream too); `context.record` is complete. */
  onResponse?(context: RelayContext): void | Promise<void>;
}
