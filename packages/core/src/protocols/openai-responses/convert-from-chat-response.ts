import { RelayError } from '../../errors/relay-error.js';
import { firstChoice, isRecord } from './fields.js';
import { incompleteReason } from './map-finish-reason.js';
import { toResponsesUsage } from './map-usage.js';
import { messageItem, reasoningItem, toolCallItem } from './output-items.js';
import { responseEnvelope } from './response-envelope.js';
import { itemId } from './response-ids.js';
import type { OutputItem, ResponseObject, ResponsesRequest } from './responses-types.js';
import type { ToolMap } from './tool-names.js';

export interface FromChatOptions {
  /** From `newResponseId()`; item ids derive from it. */
  id: string;
  /** The model the client asked for. */
  model: string;
  toolMap: ToolMap;
  /** Unix seconds; defaults to now. */
  createdAt?: number;
  /** The client's request, to echo its settings. */
  request?: ResponsesRequest;
}

/**
 * Converts a whole Chat completion into a Responses `response` object: reasoning (from `reasoning_content`),
 * the message, then one item per tool call, un-flattened to the client's names. `finish_reason: length`
 * gives status `incomplete` with reason `max_output_tokens`.
 *
 * @example const response = fromChatResponse(await upstream.json(), { id: newResponseId(), model: request.model, toolMap });
 */
export function fromChatResponse(completion: unknown, options: FromChatOptions): ResponseObject {
  const choice = isRecord(completion) ? firstChoice(completion) : undefined;
  if (choice === undefined) {
    throw new RelayError({ status: 502, message: 'The upstream answer has no `choices[0]` to convert into a response.', code: 'upstream_error' });
  }
  const message = isRecord(choice.message) ? choice.message : {};
  const reason = incompleteReason(typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined);
  // As in the stream: items still being written when the answer was cut are incomplete.
  const status: 'completed' | 'incomplete' = reason === undefined ? 'completed' : 'incomplete';
  const output: OutputItem[] = [];
  const reasoning = textOf(message.reasoning_content) || textOf(message.reasoning);
  if (reasoning !== '') output.push(reasoningItem(itemId('rs', options.id, output.length), reasoning));
  // A refusal is what the model said; it is shown like any answer text.
  const text = textOf(message.content) + textOf(message.refusal);
  if (text !== '') output.push(messageItem(itemId('msg', options.id, output.length), text, status));
  const toolCalls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]) : [];
  toolCalls.forEach((call, index) => {
    const fn = isRecord(call) && isRecord(call.function) ? call.function : {};
    const callId = isRecord(call) && typeof call.id === 'string' && call.id !== '' ? call.id : itemId('call', options.id, index);
    const init = {
      responseId: options.id,
      outputIndex: output.length,
      callId,
      chatName: textOf(fn.name),
      arguments: textOf(fn.arguments),
      status,
    };
    output.push(toolCallItem(init, options.toolMap));
  });
  return responseEnvelope({
    id: options.id,
    model: options.model,
    createdAt: options.createdAt ?? Math.floor(Date.now() / 1000),
    status,
    output,
    usage: toResponsesUsage(isRecord(completion) ? completion.usage : undefined),
    ...(reason === undefined ? {} : { incompleteReason: reason }),
    ...(options.request === undefined ? {} : { request: options.request }),
  });
}

/** Text from a string or from an array of text parts (some providers answer with parts). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
}
