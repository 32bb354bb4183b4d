import type { Usage } from '../../types/chat.js';
import { type ChatCompletionChunk, type ChunkIdentity, chatChunk, usageChunk } from '../chat-chunk.js';
import type { ChatFinishReason } from '../chat-completion.js';
import { asFields, type Fields } from '../chat-fields.js';
import { eventData } from '../event-data.js';
import type { UpstreamStreamConverter } from '../upstream-stream-converter.js';
import { mergeUsage, toChatUsage } from './chat-usage.js';
import { toFinishReason } from './map-finish-reason.js';

export type { ChatCompletionChunk } from '../chat-chunk.js';

/** `id`, `model` (the name to report: the one the client asked for) and `created` (Unix seconds) of every chunk. */
export type StreamToChatOptions = ChunkIdentity;

/** One parsed SSE event: its `event:` name and its `data:` (parsed JSON, or the raw text). */
export interface MessagesStreamEvent {
  event?: string;
  data: unknown;
}

type OpenBlock = { kind: 'text' | 'thinking' | 'other' } | { kind: 'tool'; tool: number; args: string; input: unknown };

/**
 * Turns an Anthropic Messages stream into OpenAI `chat.completion.chunk`s, one event at a time: text_delta
 * -> `content`, thinking_delta -> `reasoning_content` (signatures dropped), a tool_use block -> a
 * `tool_calls` entry (index = order among tool blocks) opened with id and name, then its input_json_delta
 * pieces as `arguments`; message_delta's stop reason -> a finish chunk. A tool block that closes with no
 * arguments streamed gets its start `input` (usually `{}`), so arguments are always JSON, as in
 * `fromMessagesResponse`. The first chunk carries `role: 'assistant'`. A stream that ends with
 * message_stop but no stop reason still gets its finish chunk ('tool_calls' if there were calls).
 * `done` turns true at message_stop or at an `error` event (then `error` says what); later events are ignored.
 *
 * @example
 * const stream = new MessagesStreamToChat({ id: 'chatcmpl-1', model: 'claude-sonnet-4-5', created: 1700000000 });
 * for (const event of events) for (const chunk of stream.push(event)) send(chunk);
 * if (includeUsage) send(stream.usageChunk());
 */
export class MessagesStreamToChat implements UpstreamStreamConverter {
  done = false;
  error: { type: string; message: string } | undefined;
  readonly #options: StreamToChatOptions;
  readonly #blocks = new Map<number, OpenBlock>();
  #tools = 0;
  #roleSent = false;
  #finished = false;
  #usage: Record<string, number> = {};

  constructor(options: StreamToChatOptions) {
    this.#options = options;
  }

  /** The chunks one event becomes, possibly none. */
  push(event: MessagesStreamEvent): ChatCompletionChunk[] {
    if (this.done) return [];
    const data = eventData(event.data);
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'message_start':
        this.#usage = mergeUsage(this.#usage, asFields(data.message).usage);
        return [this.#chunk({ content: '' })];
      case 'content_block_start':
        return this.#start(Number(data.index), asFields(data.content_block));
      case 'content_block_delta':
        return this.#delta(Number(data.index), asFields(data.delta));
      case 'content_block_stop':
        return this.#stop(Number(data.index));
      case 'message_delta': {
        this.#usage = mergeUsage(this.#usage, data.usage);
        const reason = asFields(data.delta).stop_reason;
        return typeof reason === 'string' ? this.#finish(toFinishReason(reason)) : [];
      }
      case 'message_stop':
        this.done = true;
        return this.#finish(this.#tools > 0 ? 'tool_calls' : 'stop');
      case 'error': {
        const error = asFields(data.error);
        this.error = { type: typeof error.type === 'string' ? error.type : 'api_error', message: typeof error.message === 'string' ? error.message : 'The upstream stream failed.' };
        this.done = true;
        return [];
      }
      default:
        return [];
    }
  }

  /** Usage so far in Chat form (see `toChatUsage`). */
  get usage(): Usage {
    return toChatUsage(this.#usage);
  }

  /** The last chunk for a client that asked for `stream_options.include_usage`: no choices, the usage. */
  usageChunk(): ChatCompletionChunk {
    return usageChunk(this.#options, this.usage);
  }

  #start(index: number, block: Fields): ChatCompletionChunk[] {
    if (block.type === 'tool_use') {
      const tool = this.#tools++;
      this.#blocks.set(index, { kind: 'tool', tool, args: '', input: block.input });
      const call = { index: tool, id: String(block.id ?? ''), type: 'function', function: { name: String(block.name ?? ''), arguments: '' } };
      return [this.#chunk({ tool_calls: [call] })];
    }
    const kind = block.type === 'text' || block.type === 'thinking' ? block.type : 'other';
    this.#blocks.set(index, { kind });
    // Text put in a start block (not Anthropic's habit, but allowed) is text all the same.
    if (kind === 'text' && typeof block.text === 'string' && block.text !== '') return [this.#chunk({ content: block.text })];
    if (kind === 'thinking' && typeof block.thinking === 'string' && block.thinking !== '') return [this.#chunk({ reasoning_content: block.thinking })];
    return [];
  }

  #delta(index: number, delta: Fields): ChatCompletionChunk[] {
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') return [this.#chunk({ content: delta.text })];
    if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') return [this.#chunk({ reasoning_content: delta.thinking })];
    const block = this.#blocks.get(index);
    if (delta.type !== 'input_json_delta' || block?.kind !== 'tool' || typeof delta.partial_json !== 'string' || delta.partial_json === '') return [];
    block.args += delta.partial_json;
    return [this.#chunk({ tool_calls: [{ index: block.tool, function: { arguments: delta.partial_json } }] })];
  }

  #stop(index: number): ChatCompletionChunk[] {
    const block = this.#blocks.get(index);
    this.#blocks.delete(index);
    if (block?.kind !== 'tool' || block.args !== '') return [];
    return [this.#chunk({ tool_calls: [{ index: block.tool, function: { arguments: JSON.stringify(block.input ?? {}) } }] })];
  }

  #finish(reason: ChatFinishReason): ChatCompletionChunk[] {
    if (this.#finished) return [];
    this.#finished = true;
    return [this.#chunk({}, reason)];
  }

  #chunk(delta: Fields, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const withRole = this.#roleSent ? delta : { role: 'assistant', ...delta };
    this.#roleSent = true;
    return chatChunk(this.#options, withRole, finishReason);
  }
}
