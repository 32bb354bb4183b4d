import type { RequestRecord } from '../plugins/request-record.js';
import type { Usage } from '../types/chat.js';

/** The answer's token usage into the request's record (log line, metrics, rate limits). */
export function recordUsage(record: RequestRecord, usage: Usage | undefined): void {
  if (usage === undefined || usage === null) return;
  if (typeof usage.prompt_tokens === 'number') record.promptTokens = usage.prompt_tokens;
  if (typeof usage.completion_tokens === 'number') record.completionTokens = usage.completion_tokens;
  const cached = (usage.prompt_tokens_details as { cached_tokens?: unknown } | undefined)?.cached_tokens;
  if (typeof cached === 'number') record.cachedTokens = cached;
  const written = (usage.prompt_tokens_details as { cache_write_tokens?: unknown } | undefined)?.cache_write_tokens;
  if (typeof written === 'number') record.cacheWriteTokens = written;
}
