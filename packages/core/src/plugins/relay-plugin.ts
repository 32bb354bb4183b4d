import type { RelayError } from '../errors/relay-error.js';
import type { RequestRecord } from './request-record.js';
import type { ChatRequest } from '../types/chat.js';

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
  status?: number;
  error?: string;
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
  /** After each upstream call, successful or not. */
  onUpstreamAttempt?(context: RelayContext, attempt: UpstreamAttempt): void;
  /** The request ended with an error answer. */
  onError?(context: RelayContext, error: RelayError): void;
  /** The request has fully ended (a stream too); `context.record` is complete. */
  onResponse?(context: RelayContext): void | Promise<void>;
}
