import { RelayError } from '../../errors/relay-error.js';
import type { ToolCall } from '../../types/chat.js';
import type { ChunkIdentity } from '../chat-chunk.js';
import type { ChatCompletion, ChatCompletionMessage } from '../chat-completion.js';
import { asFields, type Fields } from '../chat-fields.js';
import { reasoningDetail } from '../encrypted-reasoning.js';
import { chatUsageOfResponse, encryptedReasoningOfItem, finishReasonOfResponse, itemKey, reasoningOfItem, toolCallOfItem } from './responses-answer-parts.js';

/**
 * A whole Responses answer (parsed JSON) as an OpenAI `chat.completion`: the text of its message items
 * joined, each `function_call` (and `custom_tool_call`) a tool call, reasoning as `reasoning_content` (and its
 * encrypted form as `reasoning_details`), the
 * usage in Chat form. A response that failed is an error, not an empty answer.
 *
 * @example fromResponsesResponse({ status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hi' }] }], usage }, identity)
 * // { object: 'chat.completion', choices: [{ message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop', ... }], ... }
 */
export function fromResponsesResponse(response: unknown, identity: ChunkIdentity): ChatCompletion {
  const fields = asFields(response);
  if (fields.status === 'failed') {
    const error = asFields(fields.error);
    throw new RelayError({
      status: 502,
      code: typeof error.code === 'string' ? error.code : 'upstream_failed',
      message: `The upstream's response failed: ${typeof error.message === 'string' ? error.message : 'no reason given'}`,
    });
  }
  const items = Array.isArray(fields.output) ? fields.output.map(asFields) : [];
  let text = '';
  const reasoning: string[] = [];
  const calls: ToolCall[] = [];
  const encrypted: Record<string, unknown>[] = [];
  for (const [index, item] of items.entries()) {
    if (item.type === 'message' && Array.isArray(item.content)) {
      for (const part of item.content.map(asFields)) if (part.type === 'output_text' && typeof part.text === 'string') text += part.text;
      continue;
    }
    const call = toolCallOfItem(item);
    if (call !== undefined) calls.push({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } });
    else if (item.type === 'reasoning') {
      const said = reasoningOfItem(item);
      if (said !== '') reasoning.push(said);
      const sealed = encryptedReasoningOfItem(item, identity.origin ?? '', precedingOf(items, index));
      if (sealed !== undefined) encrypted.push(reasoningDetail(sealed));
    }
  }
  const message: ChatCompletionMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  // Kept for the next turn: a client that carries it back (see encrypted-reasoning.ts) hands the model its reasoning.
  if (encrypted.length > 0) message.reasoning_details = encrypted;
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message, finish_reason: finishReasonOfResponse(fields, calls.length > 0), logprobs: null }],
    usage: chatUsageOfResponse(fields.usage),
  };
}

/** What the reasoning item at `index` came before: the next item that is not reasoning (see `EncryptedReasoning.precedes`). */
function precedingOf(items: Fields[], index: number): string {
  for (let next = index + 1; next < items.length; next += 1) {
    const item = items[next] as Fields;
    if (item.type === 'reasoning') continue;
    return itemKey(item);
  }
  return '';
}
