import type { ModelLimits } from '../context/model-windows.js';
import type { TruncateOptions } from '../context/truncate-context.js';
import type { TruncationReport } from '../context/truncation-report.js';
import type { ModelMapConfig } from '../models/map-model.js';

export interface UpstreamConfig {
  /** Provider base URL, with or without `/v1` (e.g. `https://api.together.xyz`). */
  baseURL: string;
  /** The real provider key; injected as `Authorization: Bearer`, never shown to clients or logs. */
  apiKey?: string;
  /** Extra headers every upstream request carries. */
  headers?: Record<string, string>;
}

export interface ContextConfig
  extends Pick<TruncateOptions, 'maxMessageTokens' | 'lowWaterRatio' | 'keepToolResults' | 'minClearTokens' | 'maxPromptTokens' | 'safetyMarginTokens' | 'imageTokens'> {
  /** Per-model window overrides, keyed by upstream model name or glob. */
  models?: Record<string, Partial<ModelLimits> & { tokenFactor?: number }>;
  /** Window for models neither overridden nor in the built-in table. Default 192,000. */
  defaultContextWindow?: number;
  /** Output reserve when the request sets no `max_tokens`. Default: the model's output limit, at most 8,192. */
  defaultReserveOutputTokens?: number;
}

/** One finished request, as the handler reports it (the CLI logs it as one JSON line). */
export interface RequestRecord {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Until the first body byte went to the client. */
  ttfbMs?: number;
  model?: string;
  upstreamModel?: string;
  stream?: boolean;
  promptTokens?: number;
  completionTokens?: number;
  /** Upstream calls made (2 after a context-overflow retry). */
  attempts?: number;
  truncation?: TruncationReport;
  /** How a stream ended. */
  outcome?: string;
  error?: string;
}

export interface RelayHandlerOptions {
  upstream: UpstreamConfig;
  models?: ModelMapConfig;
  /** Context engine settings; `false` forwards messages untouched. */
  context?: ContextConfig | false;
  /** The fetch used for upstream calls (the CLI passes undici's, with a keep-alive pool). */
  fetch?: typeof fetch;
  /** Largest request body accepted. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Longest wait for the upstream's answer (its headers, or its whole body when not streaming). Default 600,000 ms. */
  requestTimeoutMs?: number;
  /** Longest silence inside a stream. Default 120,000 ms. */
  streamIdleTimeoutMs?: number;
  /** Called once per request when it has fully ended (streams included). */
  onRequestEnd?(record: RequestRecord): void;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;
