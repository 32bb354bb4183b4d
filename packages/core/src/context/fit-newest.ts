import { contextLengthError } from '../errors/context-length-error.js';
import type { ChatMessage } from '../types/chat.js';
import { capMessage } from './cap-message.js';
import { isSystemRole } from './conversation-layout.js';
import { messageTokens, type resolveEstimateOptions } from './estimate-tokens.js';
import { isStepEnd } from './step-pace.js';
import type { Built } from './truncate-context.js';

const HARD_CAP_FLOOR = 64;

/**
 * Stage 4: when what is left (pinned messages and the newest turn) is still over budget, cap its largest
 * messages harder, system messages last. Gives up with a `context_length_exceeded` error.
 */
export function* fitNewest(
  built: Built,
  budget: number,
  fixed: number,
  estimate: ReturnType<typeof resolveEstimateOptions>,
): Generator<void, { messages: ChatMessage[]; tokens: number; changed: number }, void> {
  const result = [...built.messages];
  const sizes = [...built.sizes];
  let total = sizes.reduce((sum, tokens) => sum + tokens, fixed);
  let changed = 0;
  // Largest first, anything but system messages before system messages: a heap each, so a newest turn of
  // thousands of messages that all need cutting costs n log n, not a scan of all of them per cut.
  const others = new LargestFirst(sizes);
  const systems = new LargestFirst(sizes);
  for (let i = 0; i < result.length; i += 1) {
    if (isStepEnd(i)) yield;
    if ((sizes[i] as number) > HARD_CAP_FLOOR) (isSystemRole(result[i] as ChatMessage) ? systems : others).push(i);
  }
  // Cuts made (each one a capMessage, from microseconds to a millisecond or two on text already counted).
  let cuts = 0;
  while (total > budget) {
    if ((cuts += 1) % 64 === 0) yield;
    const index = others.pop() ?? systems.pop();
    if (index === undefined) {
      throw contextLengthError(budget, total, 'The system prompt, the first user message and the newest turn alone do not fit; shorten them or use a model with a larger context window.');
    }
    const current = sizes[index] as number;
    const target = Math.max(HARD_CAP_FLOOR, current - (total - budget));
    const capped = capMessage(result[index] as ChatMessage, target, estimate);
    const tokens = messageTokens(capped, estimate);
    // No smaller: this message is done with (it leaves the heap for good).
    if (tokens >= current) continue;
    // A text counted by its upper bound can turn out to fit whole once measured: then nothing changed.
    if (capped !== result[index]) changed += 1;
    result[index] = capped;
    sizes[index] = tokens;
    total -= current - tokens;
    if (tokens > HARD_CAP_FLOOR) (isSystemRole(capped) ? systems : others).push(index);
  }
  return { messages: result, tokens: total, changed };
}

/** Message indices by size, largest first, the lower index first among equals; sizes read when compared. */
class LargestFirst {
  private readonly heap: number[] = [];

  constructor(private readonly sizes: readonly number[]) {}

  push(index: number): void {
    const heap = this.heap;
    heap.push(index);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(heap[at] as number, heap[parent] as number)) break;
      [heap[at], heap[parent]] = [heap[parent] as number, heap[at] as number];
      at = parent;
    }
  }

  pop(): number | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    heap[0] = last;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let best = at;
      if (left < heap.length && this.before(heap[left] as number, heap[best] as number)) best = left;
      if (right < heap.length && this.before(heap[right] as number, heap[best] as number)) best = right;
      if (best === at) return top;
      [heap[at], heap[best]] = [heap[best] as number, heap[at] as number];
      at = best;
    }
  }

  private before(a: number, b: number): boolean {
    const sa = this.sizes[a] as number;
    const sb = this.sizes[b] as number;
    return sa > sb || (sa === sb && a < b);
  }
}
