import type { RequestRecord } from '@llm-relay/core';
import type { Attributes } from '@opentelemetry/api';
import { requestFailed } from '../request-failed.js';
import {
  ERROR_TYPE,
  GEN_AI_CONVERSATION_ID,
  GEN_AI_OPERATION_NAME,
  GEN_AI_PROVIDER_NAME,
  GEN_AI_REQUEST_MODEL,
  GEN_AI_RESPONSE_MODEL,
  GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  GEN_AI_USAGE_INPUT_TOKENS,
  GEN_AI_USAGE_OUTPUT_TOKENS,
  HTTP_REQUEST_METHOD,
  HTTP_RESPONSE_STATUS_CODE,
  OPERATION_CHAT,
  URL_PATH,
} from './span-attribute-names.js';

/** `chat gpt-4`: the GenAI convention's `{operation} {model}`, or the operation alone before a model is known. */
export function genAiSpanName(model: string | undefined): string {
  return model === undefined || model === '' ? OPERATION_CHAT : `${OPERATION_CHAT} ${model}`;
}

/**
 * A request's span attributes, all read from its finished record: the GenAI ones, then the relay's own
 * (`llm_relay.*`: the context cut, attempts, the stream). Counts and names only: the record carries no
 * message text, and the client key appears by its configured name, never as the key.
 *
 * `gen_ai.usage.input_tokens` is the whole prompt with the cached part included, as the conventions ask:
 * the record's `promptTokens` already is (OpenAI's `prompt_tokens` counts cached tokens; Anthropic's
 * input, cache-write and cache-read counts are added up when the usage is read).
 *
 * @example requestSpanAttributes(record, 'upstream_timeout')['error.type'] // 'upstream_timeout'
 */
export function requestSpanAttributes(record: RequestRecord, errorType: string | undefined): Attributes {
  const attributes: Attributes = {
    [GEN_AI_OPERATION_NAME]: OPERATION_CHAT,
    [HTTP_REQUEST_METHOD]: record.method,
    [HTTP_RESPONSE_STATUS_CODE]: record.status,
    [URL_PATH]: record.path,
    'llm_relay.request_id': record.requestId,
  };
  // Only what is known: an absent attribute says "unknown", a zero would claim a count.
  const put = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) attributes[name] = value;
  };
  put(GEN_AI_REQUEST_MODEL, record.model);
  put(GEN_AI_RESPONSE_MODEL, record.upstreamModel);
  put(GEN_AI_PROVIDER_NAME, record.upstream);
  put(GEN_AI_CONVERSATION_ID, record.sessionId);
  put(GEN_AI_USAGE_INPUT_TOKENS, record.promptTokens);
  put(GEN_AI_USAGE_OUTPUT_TOKENS, record.completionTokens);
  put(GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, record.cachedTokens);
  put(GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, record.cacheWriteTokens);
  put(ERROR_TYPE, errorType);
  put('llm_relay.protocol', record.protocol);
  put('llm_relay.stream', record.stream);
  put('llm_relay.attempts', record.attempts);
  put('llm_relay.ttfb_ms', record.ttfbMs);
  put('llm_relay.outcome', record.outcome);
  put('llm_relay.session_source', record.sessionSource);
  put('llm_relay.client_key_name', record.keyName);
  put('llm_relay.context_fallback', record.contextFallback);
  if (record.repaired !== undefined) attributes['llm_relay.tool_calls_repaired'] = record.repaired.length;
  if (record.unrepaired !== undefined) attributes['llm_relay.tool_calls_unrepaired'] = record.unrepaired.length;
  if (record.dropped !== undefined && record.dropped.length > 0) attributes['llm_relay.dropped'] = record.dropped;
  const cut = record.truncation;
  if (cut !== undefined) {
    attributes['llm_relay.context.stage'] = cut.stage;
    attributes['llm_relay.context.budget'] = cut.budget;
    attributes['llm_relay.context.tokens_before'] = cut.tokensBefore;
    attributes['llm_relay.context.tokens_after'] = cut.tokensAfter;
    attributes['llm_relay.context.messages_before'] = cut.messagesBefore;
    attributes['llm_relay.context.messages_after'] = cut.messagesAfter;
    attributes['llm_relay.context.turns_dropped'] = cut.turnsDropped;
    attributes['llm_relay.context.messages_dropped'] = cut.messagesDropped;
    attributes['llm_relay.context.tool_results_cleared'] = cut.toolResultsCleared;
    attributes['llm_relay.context.messages_capped'] = cut.messagesCapped;
  }
  return attributes;
}

/**
 * What went wrong with a request, in few words (the conventions want `error.type` low-cardinality): the
 * relay's error code, else how a stream ended, else the status. `undefined` for a success.
 */
export function requestErrorType(record: RequestRecord, errorCode: string | undefined): string | undefined {
  if (errorCode !== undefined) return errorCode;
  if (!requestFailed(record)) return undefined;
  return record.status >= 400 ? String(record.status) : record.outcome;
}
