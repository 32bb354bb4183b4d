import type { Usage } from '../../types/chat.js';
import type { ChatFinishReason } from '../chat-completion.js';
import { asFields, type Fields } from '../chat-fields.js';
import { type EncryptedReasoning, PRECEDES_MESSAGE } from '../encrypted-reasoning.js';

/**
 * Responses usage in Chat form: `input_tokens` already includes the cached ones, as `prompt_tokens` does.
 *
 * @example chatUsageOfResponse({ input_tokens: 120, input_tokens_details: { cached_tokens: 100 }, output_tokens: 7 })
 * // { prompt_tokens: 120, completion_tokens: 7, total_tokens: 127, prompt_tokens_details: { cached_tokens: 100 } }
 */
export function chatUsageOfResponse(usage: unknown): Usage {
  const fields = asFields(usage);
  const prompt = count(fields.input_tokens);
  const completion = count(fields.output_tokens);
  const converted: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: count(fields.total_tokens) || prompt + completion };
  const cached = asFields(fields.input_tokens_details).cached_tokens;
  if (typeof cached === 'number') converted.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = asFields(fields.output_tokens_details).reasoning_tokens;
  if (typeof reasoning === 'number') converted.completion_tokens_details = { reasoning_tokens: reasoning };
  return converted;
}

/** Why a response ended, as a Chat finish reason: cut at its output limit is `length`, a filter `content_filter`. */
export function finishReasonOfResponse(response: Fields, calledTools: boolean): ChatFinishReason {
  if (response.status === 'incomplete') return asFields(response.incomplete_details).reason === 'content_filter' ? 'content_filter' : 'length';
  return calledTools ? 'tool_calls' : 'stop';
}

/** The text of a reasoning item: its summary, else its raw reasoning text (open models send that). */
export function reasoningOfItem(item: Fields): string {
  const parts = [...(Array.isArray(item.summary) ? item.summary : []), ...(Array.isArray(item.content) ? item.content : [])];
  return parts
    .map((part) => asFields(part).text)
    .filter((text): text is string => typeof text === 'string')
    .join('\n\n');
}

/**
 * A reasoning item's encrypted form (asked for with `include: ["reasoning.encrypted_content"]`), when it has
 * one and an id to go back under, with who made it and what it came before (see `EncryptedReasoning`).
 */
export function encryptedReasoningOfItem(item: Fields, origin: string, precedes: string): EncryptedReasoning | undefined {
  if (item.type !== 'reasoning' || typeof item.encrypted_content !== 'string' || item.encrypted_content === '') return undefined;
  if (typeof item.id !== 'string' || item.id === '') return undefined;
  return { id: item.id, encryptedContent: item.encrypted_content, origin, precedes };
}

/** How a reasoning item names the output item it came before: a call's id, or the answer's text. */
export function itemKey(item: Fields): string {
  const call = toolCallOfItem(item);
  if (call !== undefined) return call.id;
  return item.type === 'message' ? PRECEDES_MESSAGE : '';
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * A `function_call` or `custom_tool_call` item as a Chat tool call: its call id, its name, and arguments that are
 * always JSON (a custom tool's free text as `{"input": ...}`, as the relay offered it); undefined for other items.
 */
export function toolCallOfItem(item: Fields): { id: string; name: string; arguments: string } | undefined {
  if (item.type !== 'function_call' && item.type !== 'custom_tool_call') return undefined;
  const id = String(item.call_id ?? item.id ?? '');
  const name = String(item.name ?? '');
  if (item.type === 'custom_tool_call') return { id, name, arguments: JSON.stringify({ input: item.input ?? '' }) };
  return { id, name, arguments: typeof item.arguments === 'string' && item.arguments !== '' ? item.arguments : '{}' };
}
