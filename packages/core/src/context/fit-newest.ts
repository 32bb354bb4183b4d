import { contextLengthError } from '../errors/context-length-error.js';
import type { ChatMessage } from '../types/chat.js';
import { capMessage } from './cap-message.js';
import { isSystemRole } from './conversation-layout.js';
import { messageTokens, type resolveEstimateOptions } from './estimate-tokens.js';
import type { Built } from './truncate-context.js';

const HARD_CAP_FLOOR = 64;

/**
 * Stage 4: when what is left (pinned messages and the newest turn) is still over budget, cap its largest
 * messages harder, system messages last. Gives up with a `context_length_exceeded` error.
 */
export function fitNewest(
  built: Built,
  budget: number,
  fixed: number,
  estimate: ReturnType<typeof resolveEstimateOptions>,
): { messages: ChatMessage[]; tokens: number; changed: number } {
  const result = [...built.messages];
  const sizes = [...built.sizes];
  let total = sizes.reduce((sum, tokens) => sum + tokens, fixed);
  let changed = 0;
  const exhausted = new Set<number>();
  while (total > budget) {
    const index = largestCandidate(result, sizes, exhausted);
    if (index === -1) {
      throw contextLengthError(
        budget,
        total,
        'The system prompt, the first user message and the newest turn alone do not fit; shorten them or use a model with a larger context window.',
      );
    }
    const current = sizes[index] as number;
    const target = Math.max(HARD_CAP_FLOOR, current - (total - budget));
    const capped = capMessage(result[index] as ChatMessage, target, estimate);
    const tokens = messageTokens(capped, estimate);
    if (tokens >= current) {
      exhausted.add(index);
      continue;
    }
    // A text counted by its upper bound can turn out to fit whole once measured: then nothing changed.
    if (capped !== result[index]) changed += 1;
    result[index] = capped;
    sizes[index] = tokens;
    total -= current - tokens;
  }
  return { messages: result, tokens: total, changed };
}

function largestCandidate(messages: ChatMessage[], sizes: number[], exhausted: Set<number>): number {
  let best = -1;
  for (let pass = 0; pass < 2 && best === -1; pass += 1) {
    // First pass: anything but system messages; second: system messages too.
    for (let i = 0; i < messages.length; i += 1) {
      if (exhausted.has(i) || (pass === 0 && isSystemRole(messages[i] as ChatMessage))) continue;
      if ((sizes[i] as number) <= HARD_CAP_FLOOR) continue;
      if (best === -1 || (sizes[i] as number) > (sizes[best] as number)) best = i;
    }
  }
  return best;
}
