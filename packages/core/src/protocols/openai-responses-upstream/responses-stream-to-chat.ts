import type { Usage } from '../../types/chat.js';
import { type ChatCompletionChunk, type ChunkIdentity, chatChunk, usageChunk } from '../chat-chunk.js';
import type { ChatFinishReason } from '../chat-completion.js';
import { asFields, type Fields } from '../chat-fields.js';
import { reasoningDetail } from '../encrypted-reasoning.js';
import { eventData } from '../event-data.js';
import type { UpstreamStreamConverter } from '../upstream-stream-converter.js';
import { chatUsageOfResponse, encryptedReasoningOfItem, finishReasonOfResponse, itemKey, toolCallOfItem } from './responses-answer-parts.js';

interface OpenCall {
  tool: number;
  arguments: string;
}

/**
 * Turns a Responses stream into OpenAI `chat.completion.chunk`s, one event at a time: `output_text.delta`
 * -> `content`, reasoning summary and text deltas -> `reasoning_content`, a finished reasoning item's
 * `encrypted_content` -> `reasoning_details` (held until the next item starts, so it names what it came
 * before), a `function_call` item -> a
 * `tool_calls` entry (index = order among calls) opened with its call id and name, then its
 * `function_call_arguments.delta` pieces as `arguments` (the item's whole arguments at `output_item.done`
 * when none were streamed); `response.completed` / `response.incomplete` -> the finish chunk, and the
 * stream is done; `response.failed` and `error` events end it with `error` set. The first chunk carries
 * `role: 'assistant'`.
 *
 * @example
 * const stream = new ResponsesStreamToChat({ id: 'chatcmpl-1', model: 'gpt-5-codex', created: 1700000000 });
 * for (const event of events) for (const chunk of stream.push(event)) send(chunk);
 */
export class ResponsesStreamToChat implements UpstreamStreamConverter {
  done = false;
  error: { type: string; message: string; code?: string } | undefined;
  readonly #identity: ChunkIdentity;
  /** Calls by item id, and by output index for servers that leave the id out of their deltas. */
  readonly #calls = new Map<string, OpenCall>();
  #tools = 0;
  #roleSent = false;
  /** Finished reasoning items waiting to learn which item they came before (the next one to start). */
  #sealed: Fields[] = [];
  #usage: Usage = chatUsageOfResponse(undefined);

  constructor(identity: ChunkIdentity) {
    this.#identity = identity;
  }

  push(event: { event?: string; data: unknown }): ChatCompletionChunk[] {
    if (this.done) return [];
    const data = eventData(event.data);
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'response.created':
        return [this.#chunk({ content: '' })];
      case 'response.output_item.added':
        // Nothing held (almost always): no list to join.
        return this.#sealed.length === 0 ? this.#itemAdded(data) : this.#released(asFields(data.item)).concat(this.#itemAdded(data));
      case 'response.output_text.delta':
        return typeof data.delta === 'string' && data.delta !== '' ? [this.#chunk({ content: data.delta })] : [];
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return typeof data.delta === 'string' && data.delta !== '' ? [this.#chunk({ reasoning_content: data.delta })] : [];
      case 'response.function_call_arguments.delta':
        return this.#arguments(data);
      case 'response.output_item.done':
        return this.#itemDone(data);
      case 'response.completed':
      case 'response.incomplete': {
        const response = asFields(data.response);
        this.#usage = chatUsageOfResponse(response.usage);
        this.done = true;
        return this.#released(undefined).concat([this.#chunk({}, finishReasonOfResponse(response, this.#tools > 0))]);
      }
      case 'response.failed':
        return this.#fail(asFields(asFields(data.response).error));
      case 'error':
        return this.#fail(asFields(data.error).message !== undefined ? asFields(data.error) : data);
      default:
        return [];
    }
  }

  usageChunk(): ChatCompletionChunk {
    return usageChunk(this.#identity, this.#usage);
  }

  #itemAdded(data: Fields): ChatCompletionChunk[] {
    const item = asFields(data.item);
    const tool = toolCallOfItem(item);
    if (tool === undefined) return [];
    const call: OpenCall = { tool: this.#tools++, arguments: '' };
    for (const key of keysOf(data, item)) this.#calls.set(key, call);
    const opened = { index: call.tool, id: tool.id, type: 'function', function: { name: tool.name, arguments: '' } };
    return [this.#chunk({ tool_calls: [opened] })];
  }

  #arguments(data: Fields): ChatCompletionChunk[] {
    const call = this.#find(data, {});
    if (call === undefined || typeof data.delta !== 'string' || data.delta === '') return [];
    call.arguments += data.delta;
    return [this.#chunk({ tool_calls: [{ index: call.tool, function: { arguments: data.delta } }] })];
  }

  #itemDone(data: Fields): ChatCompletionChunk[] {
    const item = asFields(data.item);
    if (encryptedReasoningOfItem(item, '', '') !== undefined) {
      this.#sealed.push(item);
      return [];
    }
    const call = this.#find(data, item);
    for (const key of keysOf(data, item)) this.#calls.delete(key);
    if (call === undefined || call.arguments !== '') return [];
    const whole = toolCallOfItem(item)?.arguments ?? '{}';
    return [this.#chunk({ tool_calls: [{ index: call.tool, function: { arguments: whole } }] })];
  }

  /** The reasoning held until `next` started (undefined: the answer ended), now that it is known what it came before. */
  #released(next: Fields | undefined): ChatCompletionChunk[] {
    if (this.#sealed.length === 0 || next?.type === 'reasoning') return [];
    const precedes = next === undefined ? '' : itemKey(next);
    const origin = this.#identity.origin ?? '';
    const details = this.#sealed.splice(0).flatMap((item) => {
      const sealed = encryptedReasoningOfItem(item, origin, precedes);
      return sealed === undefined ? [] : [reasoningDetail(sealed)];
    });
    return [this.#chunk({ reasoning_details: details })];
  }

  #find(data: Fields, item: Fields): OpenCall | undefined {
    for (const key of keysOf(data, item)) {
      const call = this.#calls.get(key);
      if (call !== undefined) return call;
    }
    return undefined;
  }

  #fail(error: Fields): ChatCompletionChunk[] {
    this.error = {
      type: typeof error.type === 'string' ? error.type : 'api_error',
      message: typeof error.message === 'string' ? error.message : 'The upstream stream failed.',
      code: typeof error.code === 'string' ? error.code : undefined,
    };
    this.done = true;
    return [];
  }

  #chunk(delta: Fields, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const withRole = this.#roleSent ? delta : Object.assign({ role: 'assistant' }, delta);
    this.#roleSent = true;
    return chatChunk(this.#identity, withRole, finishReason);
  }
}

/** Deltas name their item by `item_id` and `output_index`; item events carry the item (its id may be absent). */
function keysOf(data: Fields, item: Fields): string[] {
  const keys: string[] = [];
  const id = typeof data.item_id === 'string' ? data.item_id : item.id;
  if (typeof id === 'string' && id !== '') keys.push(id);
  if (typeof data.output_index === 'number') keys.push(`#${data.output_index}`);
  return keys;
}
