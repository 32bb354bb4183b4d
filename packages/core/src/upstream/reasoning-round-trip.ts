import { matchesGlob } from '../models/glob.js';
import type { ChatMessage } from '../types/chat.js';

/**
 * What an upstream model needs of the reasoning earlier assistant turns carried (a Messages client's
 * `thinking` blocks, a Responses client's reasoning items, both `reasoning_content` in the Chat form):
 * - `send-back`: as `reasoning_content` on each assistant message;
 * - `inline-think`: written back into the message's text as `<think>...</think>`, as the model wrote it;
 * - `drop`: not at all (most providers ignore the field; strict ones reject it).
 */
export type ReasoningRoundTrip = 'send-back' | 'inline-think' | 'drop';

/**
 * The documented table, by upstream model name (lower-cased; `*` matches anything). First match wins;
 * no match is `drop`. An upstream's explicit `reasoningContent` setting wins over it.
 */
export const REASONING_ROUND_TRIPS: readonly { match: string; roundTrip: ReasoningRoundTrip; why: string }[] = [
  { match: '*deepseek*', roundTrip: 'send-back', why: 'DeepSeek thinking mode refuses a tool loop whose earlier assistant turns lack their reasoning_content ("must be passed back")' },
  { match: '*kimi-k2*thinking*', roundTrip: 'send-back', why: 'Kimi K2 Thinking keeps reasoning across tool calls only when reasoning_content comes back' },
  { match: '*glm-4.5*', roundTrip: 'send-back', why: 'GLM 4.5 to 4.7 preserve interleaved thinking from reasoning_content' },
  { match: '*glm-4.6*', roundTrip: 'send-back', why: 'GLM 4.5 to 4.7 preserve interleaved thinking from reasoning_content' },
  { match: '*glm-4.7*', roundTrip: 'send-back', why: 'GLM 4.5 to 4.7 preserve interleaved thinking from reasoning_content' },
  { match: '*minimax-m2*', roundTrip: 'inline-think', why: 'MiniMax-M2 wants its interleaved <think> text back in the message as written' },
];

/** The round trip for a target: the upstream's explicit setting, else the table, else `drop`. */
export function reasoningRoundTrip(model: string | undefined, explicit: boolean | undefined): ReasoningRoundTrip {
  if (explicit !== undefined) return explicit ? 'send-back' : 'drop';
  if (model === undefined) return 'drop';
  const name = model.toLowerCase();
  return REASONING_ROUND_TRIPS.find((entry) => matchesGlob(entry.match, name))?.roundTrip ?? 'drop';
}

/**
 * Assistant messages with their `reasoning_content` handled as `roundTrip` says. Messages without it are
 * returned as they are (the same objects), so an unchanged history keeps its identity and bytes.
 */
export function applyReasoningRoundTrip(messages: ChatMessage[], roundTrip: ReasoningRoundTrip): ChatMessage[] {
  if (roundTrip === 'send-back' || !messages.some((message) => 'reasoning_content' in message)) return messages;
  return messages.map((message) => {
    if (!('reasoning_content' in message)) return message;
    const { reasoning_content: reasoning, ...rest } = message;
    if (roundTrip === 'drop' || typeof reasoning !== 'string' || reasoning === '') return rest as ChatMessage;
    const text = typeof rest.content === 'string' ? rest.content : '';
    // Written where the model wrote it: before the answer. Text that already holds its thinking stays as it is.
    if (text.includes('<think>') || (rest.content !== undefined && rest.content !== null && typeof rest.content !== 'string')) return rest as ChatMessage;
    return Object.assign(rest, { content: `<think>\n${reasoning}\n</think>\n\n${text}` }) as ChatMessage;
  });
}
