import { messageItem, reasoningItem } from './output-items.js';
import type { OutputMessage, OutputReasoning } from './responses-types.js';
import type { SseEventSink } from './sse-event-sink.js';

/**
 * One streamed message or reasoning item with its single content (or summary) part:
 * added → part added → deltas → text done → part done → item done.
 */
export class StreamTextItem {
  #text = '';

  private constructor(
    readonly kind: 'message' | 'reasoning',
    readonly id: string,
    readonly outputIndex: number,
  ) {}

  /** Emits `output_item.added` and the part's `added` event. */
  static open(sink: SseEventSink, kind: 'message' | 'reasoning', id: string, outputIndex: number): StreamTextItem {
    const item = new StreamTextItem(kind, id, outputIndex);
    const added = kind === 'message' ? messageItem(id, undefined, 'in_progress') : reasoningItem(id, undefined);
    sink.emit('response.output_item.added', { output_index: outputIndex, item: added });
    if (kind === 'message') sink.emit('response.content_part.added', { ...item.#where(), part: outputText('') });
    else sink.emit('response.reasoning_summary_part.added', { ...item.#where(), part: summaryText('') });
    return item;
  }

  delta(sink: SseEventSink, text: string): void {
    this.#text += text;
    if (this.kind === 'message') sink.emit('response.output_text.delta', { ...this.#where(), delta: text, logprobs: [] });
    else sink.emit('response.reasoning_summary_text.delta', { ...this.#where(), delta: text });
  }

  /** Emits the done events and returns the finished item, as it goes into the final response. */
  close(sink: SseEventSink, status: 'completed' | 'incomplete'): OutputMessage | OutputReasoning {
    const text = this.#text;
    let item: OutputMessage | OutputReasoning;
    if (this.kind === 'message') {
      sink.emit('response.output_text.done', { ...this.#where(), text, logprobs: [] });
      sink.emit('response.content_part.done', { ...this.#where(), part: outputText(text) });
      item = messageItem(this.id, text, status);
    } else {
      sink.emit('response.reasoning_summary_text.done', { ...this.#where(), text });
      sink.emit('response.reasoning_summary_part.done', { ...this.#where(), part: summaryText(text) });
      item = reasoningItem(this.id, text);
    }
    sink.emit('response.output_item.done', { output_index: this.outputIndex, item });
    return item;
  }

  #where(): Record<string, unknown> {
    const index = this.kind === 'message' ? { content_index: 0 } : { summary_index: 0 };
    return { item_id: this.id, output_index: this.outputIndex, ...index };
  }
}

function outputText(text: string) {
  return { type: 'output_text', text, annotations: [] };
}

function summaryText(text: string) {
  return { type: 'summary_text', text };
}
