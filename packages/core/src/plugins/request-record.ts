import type { TruncationReport } from '../context/truncation-report.js';
import type { RepairedCall, UnrepairedCall } from '../tool-repair/repair-report.js';

/** One finished request, as the handler reports it (the CLI logs it as one JSON line). */
export interface RequestRecord {
  requestId: string;
  /** When the request arrived, in ms since the epoch. */
  startedAt: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** Until the first body byte went to the client. */
  ttfbMs?: number;
  model?: string;
  upstreamModel?: string;
  stream?: boolean;
  /** The conversation this request belongs to (see `conversationId`): the session the client named, or a hash. */
  sessionId?: string;
  /** `client` when the agent named its session, `derived` when the id is a hash of the system prompt and task. */
  sessionSource?: 'client' | 'derived';
  /** The wire protocol the client spoke: openai-chat, anthropic-messages or openai-responses. */
  protocol?: string;
  promptTokens?: number;
  /** Prompt tokens the provider read from its cache. */
  cachedTokens?: number;
  /** Prompt tokens the provider wrote to its cache (Anthropic charges 1.25x for them). */
  cacheWriteTokens?: number;
  completionTokens?: number;
  /** Upstream calls made (retries, fallbacks and a context-overflow retry included). */
  attempts?: number;
  /** Name of the upstream that served the request. */
  upstream?: string;
  /** Name of the client key, when keys are configured. Never the key itself. */
  keyName?: string;
  /** Set when a larger-context fallback was chosen instead of truncating. */
  contextFallback?: boolean;
  /** What the rate limiter decided, for the log line. */
  rateLimit?: { allowed: boolean; remainingRequests?: number; remainingTokens?: number };
  truncation?: TruncationReport;
  /** Texts of a large body cut to their head and tail as it was read (longer than any of its routes could keep), and the bytes left out. */
  cutOnArrival?: { texts: number; bytes: number };
  /** Tools and parameters the protocol conversion left out (hosted tools a Chat upstream cannot run, ...). */
  dropped?: string[];
  /** Tool calls the relay repaired in the answer (at most 100 listed). */
  repaired?: RepairedCall[];
  /** Tool calls that could not be made to fit their tool and went on as they came (at most 100 listed). */
  unrepaired?: UnrepairedCall[];
  /** How a stream ended. */
  outcome?: string;
  error?: string;
}
