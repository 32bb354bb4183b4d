import type { Fields } from '../chat-fields.js';
import { JsonCompletion } from './json-completion.js';

/** A streamed Chat tool call on its way to becoming a `tool_use` block. */
export interface PendingToolCall {
  index: number;
  id?: string;
  name?: string;
  /** Arguments received while the block could not be open yet. */
  buffered: string;
  json: JsonCompletion;
  state: 'waiting' | 'open' | 'closed';
}

/**
 * The calls of one streamed answer, found in constant time per `delta.tool_calls[]` entry. An answer may
 * hold thousands of calls: scanning them all per entry, or per block opened, made such a stream quadratic.
 *
 * @example
 * const calls = new PendingToolCalls();
 * const call = calls.of({ index: 0, id: 'call_1' }); // created, with its id
 * for (const ready of calls.ready()) open(ready);
 */
export class PendingToolCalls {
  readonly #byIndex = new Map<number, PendingToolCall>();
  // The first call (in order of creation) that took each id, as a search in creation order would find it.
  readonly #byId = new Map<string, { call: PendingToolCall; order: number }>();
  readonly #order = new Map<PendingToolCall, number>();
  #last: PendingToolCall | undefined;
  #maxIndex = -1;
  // Calls not yet opened, by Chat index; those before `#head` have all left the waiting state.
  #waiting: PendingToolCall[] = [];
  #head = 0;

  /**
   * The call a `delta.tool_calls[]` entry belongs to, created on first sight, with the entry's id taken
   * when the call has none yet. Entries without an `index` (some servers leave it out) belong to the call
   * with their `id`, a new call for a new id, else the last call.
   */
  of(part: Fields): PendingToolCall {
    const index = typeof part.index === 'number' ? part.index : this.#implicitIndex(part.id);
    let call = this.#byIndex.get(index);
    if (call === undefined) {
      call = { index, buffered: '', json: new JsonCompletion(), state: 'waiting' };
      this.#byIndex.set(index, call);
      this.#order.set(call, this.#order.size);
      this.#last = call;
      this.#maxIndex = Math.max(this.#maxIndex, index);
      this.#enqueue(call);
    }
    if (call.id === undefined && typeof part.id === 'string' && part.id !== '') this.#identify(call, part.id);
    return call;
  }

  /** Every call, in order of creation. */
  values(): IterableIterator<PendingToolCall> {
    return this.#byIndex.values();
  }

  /**
   * Calls whose block can open now (waiting, id and name known), in the order of their Chat index. Lazy:
   * a caller that stops at a call still streaming never looks at the ones after it.
   */
  *ready(): Generator<PendingToolCall> {
    const waiting = this.#waiting;
    while (this.#head < waiting.length && (waiting[this.#head] as PendingToolCall).state !== 'waiting') this.#head += 1;
    for (let i = this.#head; i < waiting.length; i += 1) {
      const call = waiting[i] as PendingToolCall;
      if (call.state === 'waiting' && call.id !== undefined && call.name !== undefined) yield call;
    }
  }

  #identify(call: PendingToolCall, id: string): void {
    call.id = id;
    const order = this.#order.get(call) as number;
    const known = this.#byId.get(id);
    if (known === undefined || known.order > order) this.#byId.set(id, { call, order });
  }

  #implicitIndex(id: unknown): number {
    if (typeof id === 'string' && id !== '') return this.#byId.get(id)?.call.index ?? this.#maxIndex + 1;
    return this.#last?.index ?? 0;
  }

  #enqueue(call: PendingToolCall): void {
    // Calls come in index order but for the odd provider: appending is the rule, inserting the exception.
    if (this.#head > 1_024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    const waiting = this.#waiting;
    let at = waiting.length;
    while (at > this.#head && (waiting[at - 1] as PendingToolCall).index > call.index) at -= 1;
    waiting.splice(at, 0, call);
  }
}
