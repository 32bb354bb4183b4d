import type { LearnedAdjustments } from '../context/learned-adjustments.js';
import type { ModelLimits } from '../context/model-windows.js';
import type { TruncateOptions } from '../context/truncate-context.js';
import type { ModelMapConfig } from '../models/map-model.js';
import type { RelayPlugin } from '../plugins/relay-plugin.js';
import type { RequestRecord } from '../plugins/request-record.js';
import type { ToolRepairConfig } from '../tool-repair/tool-repair-config.js';
import type { KeyRests } from '../upstream/key-rests.js';
import type { UpstreamFetch } from '../upstream/upstream-fetch.js';

export type { RequestRecord };

export interface UpstreamConfig {
  /** Provider base URL, with or without `/v1` (e.g. `https://api.together.xyz`). */
  baseURL: string;
  /** The real provider key; injected as `Authorization: Bearer`, never shown to clients or logs. */
  apiKey?: string;
  /**
   * Several keys of this provider (used instead of `apiKey`): requests are spread across them in turn; a key
   * answered with 429 or 529 rests for the provider's `retry-after` while the others carry on, and a key
   * refused with 401 or 403 is taken out (never the last one).
   */
  apiKeys?: string[];
  /** Extra headers every upstream request carries. */
  headers?: Record<string, string>;
  /** Overrides the handler's `requestTimeoutMs` for this upstream. */
  timeoutMs?: number;
  /** Overrides the handler's `streamIdleTimeoutMs` for this upstream. */
  streamIdleTimeoutMs?: number;
  /**
   * Send earlier reasoning back as `reasoning_content` on assistant messages (`true`) or never (`false`).
   * Unset, the model's entry in the reasoning table decides (DeepSeek, Kimi K2 Thinking and GLM 4.5+ get it
   * back, MiniMax-M2 gets it as `<think>` text, others not: see `REASONING_ROUND_TRIPS`).
   */
  reasoningContent?: boolean;
  /**
   * The API the upstream speaks: `chat` (OpenAI Chat Completions, the default), `anthropic` (Anthropic
   * Messages; chosen by itself for api.anthropic.com) or `responses` (OpenAI Responses). A client speaking
   * the same API reaches it with its request as it came, but for the context engine's edits.
   */
  api?: UpstreamApi;
  /** `false` turns tool-call repair off for answers from this upstream (a provider whose own parser is trusted). */
  toolRepair?: boolean;
}

export type UpstreamApi = 'chat' | 'anthropic' | 'responses';

/** Where a model alias goes: the first target, then its fallbacks in order. */
export interface ModelRoute {
  /** Client model name, exact or glob (`gpt-4*`); exact routes win over globs, globs are tried in order. */
  match: string;
  targets: { upstream: string; model: string }[];
  /** `false` turns tool-call repair off for this route. */
  toolRepair?: boolean;
}

export interface RetryConfig {
  /** Calls per target before moving to the next fallback. Default 3. */
  attempts?: number;
  /** First backoff; doubles each retry, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest backoff; a `Retry-After` above it moves on to the fallback instead of waiting. Default 10,000 ms. */
  maxDelayMs?: number;
}

export interface ContextConfig
  extends Pick<TruncateOptions, 'maxMessageTokens' | 'lowWaterRatio' | 'keepToolResults' | 'protectRecent' | 'minClearTokens' | 'maxPromptTokens' | 'safetyMarginTokens' | 'imageTokens'> {
  /** Per-model window overrides, keyed by upstream model name or glob. */
  models?: Record<string, Partial<ModelLimits> & { tokenFactor?: number }>;
  /** Window for models neither overridden nor in the built-in table. Default 192,000. */
  defaultContextWindow?: number;
  /** Output reserve when the request sets no `max_tokens`. Default: the model's output limit, at most 8,192. */
  defaultReserveOutputTokens?: number;
}

export interface RelayHandlerOptions {
  /** The single upstream, for the simple case; model names are mapped with `models`. */
  upstream?: UpstreamConfig;
  models?: ModelMapConfig;
  /** Named upstreams, for `routes`. */
  upstreams?: Record<string, UpstreamConfig>;
  /** Alias routes with fallbacks; tried before `models`. */
  routes?: ModelRoute[];
  retry?: RetryConfig;
  /** Middleware: auth, rate limits, metrics, your own checks. Run in order. */
  plugins?: RelayPlugin[];
  /** Context engine settings; `false` forwards messages untouched. */
  context?: ContextConfig | false;
  /**
   * The client for upstream calls: global `fetch` by default, or anything of `UpstreamFetch`'s shape (the
   * CLI passes undici's keep-alive pool, whose whole answers skip the Web stream a `Response` would build).
   */
  fetch?: UpstreamFetch;
  /** Largest request body accepted. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Longest wait for the upstream's answer (its headers, or its whole body when not streaming). Default 600,000 ms. */
  requestTimeoutMs?: number;
  /** Longest silence inside a stream. Default 120,000 ms. */
  streamIdleTimeoutMs?: number;
  /**
   * Tool calls an open model wrote as text, or with arguments that are not JSON or do not fit the tool's
   * schema, repaired on the answer (whole and streamed) for every front door. On by default for requests
   * that offer tools; `false` turns it off.
   */
  toolRepair?: ToolRepairConfig | false;
  /** Called once per request when it has fully ended (streams included). */
  onRequestEnd?(record: RequestRecord): void;
  /**
   * Where the context engine keeps what providers' "context too long" answers taught it, per model. Default:
   * its own, per handler. Pass one whose `onLearn` publishes and whose `apply` receives to share them between
   * replicas (the CLI does so through Redis).
   */
  learned?: LearnedAdjustments;
  /** Which provider keys rest after a 429 or 529. Default: the handler's own; pass one whose `onRest` publishes to share them. */
  keyRests?: KeyRests;
}

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;
