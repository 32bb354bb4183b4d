import { customInput, toolCallItem } from './output-items.js';
import type { OutputCustomToolCall, OutputFunctionCall } from './responses-types.js';
import type { SseEventSink } from './sse-event-sink.js';
import type { ToolMap } from './tool-names.js';

type CallItem = OutputFunctionCall | OutputCustomToolCall;

/**
 * One chat tool call (one chunk `index`) on its way to a Responses item. Id, name and argument pieces may
 * come in any order; arguments are kept until the item is opened, then flow as deltas.
 */
export class StreamToolCall {
  callId: string | undefined;
  chatName: string | undefined;
  #arguments = '';
  #open: { item: CallItem; outputIndex: number } | undefined;

  constructor(readonly index: number) {}

  /** Id and name are both known: the item can be announced. */
  get ready(): boolean {
    return this.callId !== undefined && this.chatName !== undefined;
  }

  get isOpen(): boolean {
    return this.#open !== undefined;
  }

  /** Where the item sits in the response's output, once open. */
  get outputIndex(): number | undefined {
    return this.#open?.outputIndex;
  }

  /** Takes one chunk's piece of this call; argument text goes out at once when the item is open. */
  take(sink: SseEventSink, piece: { id?: unknown; name?: unknown; arguments?: unknown }): void {
    if (this.callId === undefined && typeof piece.id === 'string' && piece.id !== '') this.callId = piece.id;
    if (this.chatName === undefined && typeof piece.name === 'string' && piece.name !== '') this.chatName = piece.name;
    if (typeof piece.arguments !== 'string' || piece.arguments === '') return;
    this.#arguments += piece.arguments;
    const open = this.#open;
    if (open?.item.type === 'function_call') {
      sink.emit('response.function_call_arguments.delta', { item_id: open.item.id, output_index: open.outputIndex, delta: piece.arguments });
    }
  }

  /** Emits `output_item.added`, then the arguments kept so far as one delta. */
  open(sink: SseEventSink, init: { responseId: string; outputIndex: number; fallbackCallId: string; toolMap: ToolMap }): void {
    const item = toolCallItem(
      {
        responseId: init.responseId,
        outputIndex: init.outputIndex,
        callId: this.callId ?? init.fallbackCallId,
        chatName: this.chatName ?? '',
        arguments: '',
        status: 'in_progress',
      },
      init.toolMap,
    );
    this.#open = { item, outputIndex: init.outputIndex };
    sink.emit('response.output_item.added', { output_index: init.outputIndex, item: item.type === 'custom_tool_call' ? { ...item, input: '' } : item });
    // A freeform tool's input is the `input` field inside the JSON arguments: only the whole of it can be unwrapped.
    if (item.type === 'function_call' && this.#arguments !== '') {
      sink.emit('response.function_call_arguments.delta', { item_id: item.id, output_index: init.outputIndex, delta: this.#arguments });
    }
  }

  /** Emits the done events and returns the finished item. Call `open` first. */
  close(sink: SseEventSink, status: 'completed' | 'incomplete'): CallItem {
    const open = this.#open;
    if (open === undefined) throw new Error('StreamToolCall.close before open');
    const where = { item_id: open.item.id, output_index: open.outputIndex };
    let item: CallItem;
    if (open.item.type === 'function_call') {
      item = { ...open.item, arguments: this.#arguments, status };
      sink.emit('response.function_call_arguments.done', { ...where, name: item.name, arguments: this.#arguments });
    } else {
      const input = customInput(this.#arguments);
      item = { ...open.item, input };
      if (input !== '') sink.emit('response.custom_tool_call_input.delta', { ...where, delta: input });
      sink.emit('response.custom_tool_call_input.done', { ...where, input });
    }
    sink.emit('response.output_item.done', { output_index: open.outputIndex, item });
    return item;
  }
}

/**
 * The calls of one streamed answer by chunk `index`, with the newest at hand: a piece is matched in
 * constant time, where listing every call per piece made an answer of many calls quadratic.
 */
export class StreamToolCalls {
  readonly #byIndex = new Map<number, StreamToolCall>();
  #last: StreamToolCall | undefined;

  /**
   * The call a chunk's tool-call piece belongs to, by `index`. Providers that leave `index` out send each
   * call whole, so there a new id means a new call.
   */
  for(piece: { index?: unknown; id?: unknown }): StreamToolCall {
    const last = this.#last;
    const isNew = last === undefined || (typeof piece.id === 'string' && piece.id !== '' && piece.id !== last.callId);
    const index = typeof piece.index === 'number' ? piece.index : isNew ? this.#byIndex.size : last.index;
    let call = this.#byIndex.get(index);
    if (call === undefined) {
      this.#byIndex.set(index, (call = new StreamToolCall(index)));
      this.#last = call;
    }
    return call;
  }

  /** Every call, by chunk index. */
  inIndexOrder(): StreamToolCall[] {
    return [...this.#byIndex.values()].sort((a, b) => a.index - b.index);
  }
}
