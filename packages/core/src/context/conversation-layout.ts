import type { ChatMessage } from '../types/chat.js';
import { isStepEnd } from './step-pace.js';

/**
 * The structure truncation works on. A "unit" is what can be dropped as a whole: an assistant message
 * with `tool_calls` together with the tool messages answering it, or any other single message.
 * Pinned messages (every system/developer message and the first user message, the task) are in no unit.
 */
export interface ConversationLayout {
  /** 1 for a pinned message. Typed arrays: `new Array(n)` past about 100,000 makes a slow dictionary, and a million messages fit in a body. */
  pinned: Uint8Array;
  /** For a non-pinned message, the index where its unit starts. */
  unitStart: Int32Array;
  /** For a unit start, the index where the next unit starts (or the message count). */
  nextUnit: Int32Array;
  /** The first unit start, or the message count when there is none. */
  firstUnit: number;
  /** The tool name for a tool message, by index, from the call it answers. */
  toolNames: Map<number, string | undefined>;
}

export function isSystemRole(message: ChatMessage): boolean {
  return message.role === 'system' || message.role === 'developer';
}

/** Works out the layout in one pass, yielding every so many messages (see `step-pace`). */
export function* conversationLayout(messages: readonly ChatMessage[]): Generator<void, ConversationLayout, void> {
  const n = messages.length;
  const pinned = new Uint8Array(n);
  const unitStart = new Int32Array(n).fill(-1);
  const nextUnit = new Int32Array(n).fill(n);
  const toolNames = new Map<number, string | undefined>();
  const callNames = new Map<string, string>();
  let taskSeen = false;
  let openToolUnit = -1;
  let previousStart = -1;
  let firstUnit = n;

  for (let i = 0; i < n; i += 1) {
    if (isStepEnd(i)) yield;
    const message = messages[i] as ChatMessage;
    if (isSystemRole(message) || (!taskSeen && message.role === 'user')) {
      if (message.role === 'user') taskSeen = true;
      pinned[i] = 1;
      continue;
    }
    if (message.role === 'tool') {
      toolNames.set(i, message.tool_call_id === undefined ? undefined : callNames.get(message.tool_call_id));
      if (openToolUnit !== -1) {
        unitStart[i] = openToolUnit;
        continue;
      }
    }
    openToolUnit = -1;
    if (message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      openToolUnit = i;
      for (const call of message.tool_calls) if (call?.id !== undefined) callNames.set(call.id, call.function?.name);
    }
    unitStart[i] = i;
    if (previousStart !== -1) nextUnit[previousStart] = i;
    else firstUnit = i;
    previousStart = i;
  }
  return { pinned, unitStart, nextUnit, firstUnit, toolNames };
}
