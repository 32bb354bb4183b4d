import { firstChoice, isRecord, stringOf as text } from './fields.js';
import { incompleteReason } from './map-finish-reason.js';
import { toResponsesUsage } from './map-usage.js';
import { responseEnvelope } from './response-envelope.js';
import { itemId } from './response-ids.js';
import type { OutputItem, ResponseStatus, ResponsesRequest, ResponsesUsage } from './responses-types.js';
import { SseEventSink } from './sse-event-sink.js';
import { StreamTextItem } from './stream-text-item.js';
import { type StreamToolCall, StreamToolCalls } from './stream-tool-call.js';
import type { ToolMap } from './tool-names.js';

export interface StreamWriterInit {
  /** From `newResponseId()`; item ids derive from it. */
  id: string;
  /** The model the client asked for. */
  model: string;
  toolMap: ToolMap;
  /** Unix seconds; defaults to now. */
  createdAt?: number;
  /** The client's request, to echo its settings in the response object. */
  request?: ResponsesRequest;
}

/**
 * Turns parsed Chat completion chunks into Responses SSE text, one item after another: at most one item is
 * open at a time, because clients (Codex) append deltas to "the" active item.
 *
 * Tool calls: the first call whose id and name are known streams live (argument pieces before that are kept
 * and sent on opening). Chat gives no end signal per call and providers may interleave parallel calls by
 * `index`, so every other call, and any text after the live call, is kept whole and sent as complete items
 * when the choice finishes. Freeform (custom) calls are always kept whole: their raw input is the `input`
 * field inside the JSON arguments, which can only be unwrapped once complete.
 *
 * @example
 * const writer = new ResponsesStreamWriter({ id: newResponseId(), model: request.model, toolMap });
 * let sse = writer.start();
 * for await (const chunk of chunks) sse += writer.push(chunk);
 * sse += writer.finish();
 */
export class ResponsesStreamWriter {
  readonly #init: StreamWriterInit;
  readonly #sink = new SseEventSink();
  readonly #createdAt: number;
  readonly #output: (OutputItem | undefined)[] = [];
  readonly #calls = new StreamToolCalls();
  readonly #deferred: { kind: 'message' | 'reasoning'; text: string }[] = [];
  #text: StreamTextItem | undefined;
  #live: StreamToolCall | undefined;
  #usage: ResponsesUsage | null = null;
  #finishReason: string | undefined;
  #started = false;
  #closed = false;
  #ended = false;

  constructor(init: StreamWriterInit) {
    this.#init = init;
    this.#createdAt = init.createdAt ?? Math.floor(Date.now() / 1000);
  }

  /** `response.created` then `response.in_progress`. The other methods start the stream themselves if needed. */
  start(): string {
    this.#begin();
    return this.#sink.take();
  }

  /** One parsed upstream chunk; returns the events it completes (often none). A chunk with `error` fails the stream. */
  push(chunk: unknown): string {
    if (this.#ended) return '';
    this.#begin();
    if (!isRecord(chunk)) return this.#sink.take();
    if (isRecord(chunk.error)) return this.fail({ message: text(chunk.error.message) || 'Upstream error', code: text(chunk.error.code) || undefined });
    this.#usage = toResponsesUsage(chunk.usage) ?? this.#usage;
    const choice = firstChoice(chunk);
    // Deltas after the finish reason would reopen a finished answer; only usage still counts then.
    if (choice === undefined || this.#closed) return this.#sink.take();
    const delta = isRecord(choice.delta) ? choice.delta : {};
    const reasoning = text(delta.reasoning_content) || text(delta.reasoning);
    if (reasoning !== '') this.#textDelta('reasoning', reasoning);
    const content = text(delta.content) + text(delta.refusal);
    if (content !== '') this.#textDelta('message', content);
    if (Array.isArray(delta.tool_calls)) for (const piece of delta.tool_calls as unknown[]) this.#toolDelta(piece);
    if (typeof choice.finish_reason === 'string') {
      this.#finishReason = choice.finish_reason;
      this.#closeItems(incompleteReason(this.#finishReason) === undefined ? 'completed' : 'incomplete', true);
    }
    return this.#sink.take();
  }

  /** The upstream ended (with or without a finish reason): close what is open, then completed or incomplete. */
  finish(): string {
    if (this.#ended) return '';
    this.#begin();
    const reason = incompleteReason(this.#finishReason);
    this.#closeItems(reason === undefined ? 'completed' : 'incomplete', true);
    this.#ended = true;
    const type = reason === undefined ? 'response.completed' : 'response.incomplete';
    this.#sink.emit(type, { response: this.#response(reason === undefined ? 'completed' : 'incomplete') });
    return this.#sink.take();
  }

  /**
   * The stream broke: close the open items as incomplete, then `response.failed` carrying `error`. No `error`
   * event comes first: response.failed is the one terminal event Codex acts on (its code, e.g.
   * `context_length_exceeded` or `rate_limit_exceeded`, decides retry or compaction), and a second failure
   * signal would only be one more thing for SDK consumers to reconcile.
   */
  fail(error: { message: string; code?: string | null; type?: string | null }): string {
    if (this.#ended) return '';
    this.#begin();
    this.#closeItems('incomplete', false);
    this.#ended = true;
    const code = error.code ?? (error.type === 'rate_limit_error' ? 'rate_limit_exceeded' : 'server_error');
    this.#sink.emit('response.failed', { response: this.#response('failed', { code, message: error.message }) });
    return this.#sink.take();
  }

  #begin(): void {
    if (this.#started) return;
    this.#started = true;
    for (const type of ['response.created', 'response.in_progress']) this.#sink.emit(type, { response: this.#response('in_progress') });
  }

  #textDelta(kind: 'message' | 'reasoning', delta: string): void {
    if (this.#live !== undefined) {
      const last = this.#deferred.at(-1);
      if (last?.kind === kind) last.text += delta;
      else this.#deferred.push({ kind, text: delta });
      return;
    }
    if (this.#text?.kind !== kind) this.#openText(kind);
    this.#text?.delta(this.#sink, delta);
  }

  #toolDelta(piece: unknown): void {
    if (!isRecord(piece)) return;
    const fn = isRecord(piece.function) ? piece.function : {};
    const call = this.#calls.for(piece);
    call.take(this.#sink, { id: piece.id, name: fn.name, arguments: fn.arguments });
    if (this.#live === undefined && call.ready && !call.isOpen && this.#init.toolMap.target(call.chatName ?? '').kind === 'function') {
      this.#closeText('completed');
      this.#openCall(call);
      this.#live = call;
    }
  }

  #closeItems(status: 'completed' | 'incomplete', announceRest: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeText(status);
    const live = this.#live;
    if (live?.outputIndex !== undefined) this.#output[live.outputIndex] = live.close(this.#sink, status);
    // A failed stream does not announce what it never started: those items were never complete.
    if (!announceRest) return;
    for (const call of this.#calls.inIndexOrder()) {
      if (call.isOpen) continue;
      const outputIndex = this.#openCall(call);
      this.#output[outputIndex] = call.close(this.#sink, status);
    }
    for (const { kind, text: deferred } of this.#deferred) {
      this.#openText(kind);
      this.#text?.delta(this.#sink, deferred);
      this.#closeText(status);
    }
  }

  #openText(kind: 'message' | 'reasoning'): void {
    this.#closeText('completed');
    const outputIndex = this.#claimIndex();
    this.#text = StreamTextItem.open(this.#sink, kind, itemId(kind === 'message' ? 'msg' : 'rs', this.#init.id, outputIndex), outputIndex);
  }

  #closeText(status: 'completed' | 'incomplete'): void {
    if (this.#text !== undefined) this.#output[this.#text.outputIndex] = this.#text.close(this.#sink, status);
    this.#text = undefined;
  }

  #openCall(call: StreamToolCall): number {
    const outputIndex = this.#claimIndex();
    const { id: responseId, toolMap } = this.#init;
    call.open(this.#sink, { responseId, outputIndex, fallbackCallId: itemId('call', responseId, call.index), toolMap });
    return outputIndex;
  }

  #claimIndex(): number {
    this.#output.push(undefined);
    return this.#output.length - 1;
  }

  #response(status: ResponseStatus, error?: { code: string; message: string }) {
    const reason = status === 'incomplete' ? incompleteReason(this.#finishReason) : undefined;
    return responseEnvelope({
      id: this.#init.id,
      model: this.#init.model,
      createdAt: this.#createdAt,
      status,
      output: this.#output.filter((item): item is OutputItem => item !== undefined),
      usage: status === 'in_progress' ? null : this.#usage,
      ...(reason === undefined ? {} : { incompleteReason: reason }),
      ...(error === undefined ? {} : { error }),
      ...(this.#init.request === undefined ? {} : { request: this.#init.request }),
    });
  }
}
