import { randomId } from '../../util/random-id.js';
import { asFields, type Fields, reasoningText } from '../chat-fields.js';
import { encryptedReasoningOf, reasoningToken } from '../encrypted-reasoning.js';
import type { MessagesUsage } from './anthropic-types.js';
import { blockDelta, blockStart, blockStop } from './block-events.js';
import { mapStopReason } from './map-stop-reason.js';
import { toAnthropicUsage } from './map-usage.js';
import { type PendingToolCall, PendingToolCalls } from './pending-tool-call.js';
import { sseEvent } from './sse-event.js';

// `redacted`: a whole `redacted_thinking` block, opened and closed at once (its data is one piece).
type TextKind = 'text' | 'thinking' | 'redacted';
type OpenBlock = { kind: 'text' | 'thinking'; index: number } | { kind: 'tool_use'; index: number; call: PendingToolCall };

export interface StreamWriterOptions {
  /** The Anthropic message id, `msg_…`. */
  id: string;
  /** The model the client asked for: Claude Code sizes its context window from the name. */
  model: string;
}

/**
 * Turns parsed Chat completion chunks into Anthropic SSE text, one call per chunk. Anthropic allows one
 * open block at a time, each opened before its deltas and closed before the next one opens.
 *
 * Parallel tool calls: the first call whose id and name are known streams live; the others buffer until
 * its arguments form a complete JSON value (nothing valid can follow), then open in index order with
 * their buffer as the first `input_json_delta`. Text or reasoning arriving while a call's arguments are
 * incomplete waits likewise. At the end a call with a name but no id gets a `toolu_` id; one with no name
 * is dropped, as nothing could run it.
 *
 * @example
 * const writer = new AnthropicStreamWriter({ id: 'msg_1', model: 'claude-sonnet-4-5' });
 * let sse = writer.start();
 * for (const chunk of chunks) sse += writer.push(chunk);
 * sse += writer.finish();
 */
export class AnthropicStreamWriter {
  readonly #id: string;
  readonly #model: string;
  #started = false;
  #ended = false;
  #nextIndex = 0;
  #open: OpenBlock | undefined;
  readonly #calls = new PendingToolCalls();
  readonly #waitingText: { kind: TextKind; text: string }[] = [];
  #finishReason: string | null = null;
  #usage: MessagesUsage = toAnthropicUsage(undefined);

  constructor(options: StreamWriterOptions) {
    this.#id = options.id;
    this.#model = options.model;
  }

  /** `message_start` with zero usage (the real numbers come in `message_delta`); empty once started. */
  start(): string {
    if (this.#started) return '';
    this.#started = true;
    const message = { id: this.#id, type: 'message', role: 'assistant', model: this.#model, content: [], stop_reason: null, stop_sequence: null, usage: this.#usage };
    return sseEvent('message_start', { type: 'message_start', message });
  }

  /** The events for one parsed `chat.completion.chunk`, possibly none. */
  push(chunk: unknown): string {
    if (this.#ended) return '';
    let out = this.start();
    const fields = asFields(chunk);
    if (fields.usage !== null && typeof fields.usage === 'object') this.#usage = toAnthropicUsage(fields.usage);
    const choice = asFields(Array.isArray(fields.choices) ? fields.choices[0] : undefined);
    const delta = asFields(choice.delta);
    const reasoning = reasoningText(delta);
    if (reasoning !== '') out += this.#appendText('thinking', reasoning);
    for (const sealed of encryptedReasoningOf(delta)) out += this.#appendText('redacted', reasoningToken(sealed));
    if (typeof delta.content === 'string' && delta.content !== '') out += this.#appendText('text', delta.content);
    if (Array.isArray(delta.tool_calls)) for (const part of delta.tool_calls) out += this.#toolDelta(asFields(part));
    if (typeof choice.finish_reason === 'string' && choice.finish_reason !== '') this.#finishReason = choice.finish_reason;
    return out;
  }

  /** Closes every block and ends the message; call it when the upstream ended normally, finish reason or not. */
  finish(): string {
    if (this.#ended) return '';
    let out = this.start();
    for (const call of this.#calls.values()) {
      if (call.name === undefined) call.state = 'closed';
      else call.id ??= randomId('toolu_');
    }
    // No more arguments will come, so a call still open is as complete as it will get.
    do out += this.#close() + this.#advance();
    while (this.#open !== undefined);
    this.#ended = true;
    // Every call with a name has had its block by now.
    const hasToolCalls = [...this.#calls.values()].some((call) => call.name !== undefined);
    const delta = { stop_reason: mapStopReason(this.#finishReason, hasToolCalls), stop_sequence: null };
    return out + sseEvent('message_delta', { type: 'message_delta', delta, usage: this.#usage }) + sseEvent('message_stop', { type: 'message_stop' });
  }

  /**
   * Ends the stream with an `error` event. An open block is deliberately left open: closing it would hand
   * Claude Code a half-written tool call as if it were whole, while the error makes it retry the turn.
   */
  fail(message: string, type = 'api_error'): string {
    if (this.#ended) return '';
    this.#ended = true;
    return sseEvent('error', { type: 'error', error: { type, message } });
  }

  /** A keep-alive event for long upstream silences. */
  ping(): string {
    return this.#ended ? '' : this.start() + sseEvent('ping', { type: 'ping' });
  }

  #appendText(kind: TextKind, text: string): string {
    if (kind !== 'redacted' && this.#open?.kind === kind) return blockDelta(this.#open.index, kind, text);
    if (!this.#busy()) return this.#close() + this.#openText(kind, text);
    const last = this.#waitingText.at(-1);
    if (kind !== 'redacted' && last?.kind === kind) last.text += text;
    else this.#waitingText.push({ kind, text });
    return '';
  }

  #toolDelta(part: Fields): string {
    const call = this.#calls.of(part);
    const fn = asFields(part.function);
    if (call.name === undefined && typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
    const args = typeof fn.arguments === 'string' ? fn.arguments : '';
    // After a complete JSON value anything more would only make the arguments invalid.
    if (call.state === 'closed') return '';
    call.json.feed(args);
    if (call.state === 'waiting') {
      call.buffered += args;
      return this.#busy() ? '' : this.#advance();
    }
    // An open call is the open block: only one tool block streams at a time.
    const out = args === '' ? '' : blockDelta(this.#open?.index ?? 0, 'tool_use', args);
    return call.json.complete ? out + this.#close() + this.#advance() : out;
  }

  // A tool block is busy while its arguments are incomplete: nothing else may open before it closes.
  #busy(): boolean {
    return this.#open?.kind === 'tool_use' && !this.#open.call.json.complete;
  }

  // Opens what may open now: text that waited, then ready tool calls; stops at a call still streaming.
  #advance(): string {
    let out = '';
    for (const { kind, text } of this.#waitingText.splice(0)) out += this.#close() + this.#openText(kind, text);
    for (const call of this.#calls.ready()) {
      out += this.#close() + this.#openTool(call);
      if (!call.json.complete) return out;
      out += this.#close();
    }
    return out;
  }

  #openText(kind: TextKind, text: string): string {
    const index = this.#nextIndex++;
    if (kind === 'redacted') return blockStart(index, { type: 'redacted_thinking', data: text }) + blockStop(index, 'redacted_thinking');
    this.#open = { kind, index };
    const block = kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    return blockStart(index, block) + blockDelta(index, kind, text);
  }

  // Input in the start block is ignored by Claude Code: arguments go only in input_json_delta events.
  #openTool(call: PendingToolCall): string {
    const index = this.#nextIndex++;
    this.#open = { kind: 'tool_use', index, call };
    call.state = 'open';
    const start = blockStart(index, { type: 'tool_use', id: call.id, name: call.name, input: {} });
    const buffered = call.buffered;
    call.buffered = '';
    return buffered === '' ? start : start + blockDelta(index, 'tool_use', buffered);
  }

  #close(): string {
    const open = this.#open;
    if (open === undefined) return '';
    this.#open = undefined;
    if (open.kind === 'tool_use') open.call.state = 'closed';
    return blockStop(open.index, open.kind);
  }
}
