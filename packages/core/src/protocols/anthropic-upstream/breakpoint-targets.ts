import type { MessageParam } from '../anthropic-messages/anthropic-types.js';
import { canCarryMarker, type PromptEntry } from './prompt-blocks.js';

/** A block of `messages`: message index, then index in its content. */
export interface BlockPosition {
  message: number;
  block: number;
}

export interface TargetOptions {
  taskMessageIndex: number;
  previousBreakpoint?: BlockPosition;
}

/**
 * Where the relay wants its breakpoints, as indexes into `entries`, most important first:
 * (4) the last block of the request, (1) the last system block (the last tool without system),
 * (2) the last block of the task message, (3) the last block of the previous request. Undefined where a
 * target has no block that can carry a marker (each one falls back to the last such block before it in
 * its message or section).
 *
 * (3) is computed from the messages alone: the previous request of the conversation is this one minus
 * the newest assistant message and what follows it (the answer to that request, then the new user turn
 * or its tool results), so it ended with the message just before the last assistant message.
 */
export function breakpointTargets(entries: readonly PromptEntry[], messages: readonly MessageParam[], options: TargetOptions): (number | undefined)[] {
  const last = lastWhere(entries, (entry) => entry.section === 'messages') ?? lastWhere(entries, () => true);
  const system = lastWhere(entries, (entry) => entry.section === 'system') ?? lastWhere(entries, (entry) => entry.section === 'tools');
  const task = inMessage(entries, options.taskMessageIndex, Number.POSITIVE_INFINITY);
  const given = options.previousBreakpoint;
  const previous = given === undefined ? inMessage(entries, previousEnd(messages), Number.POSITIVE_INFINITY) : inMessage(entries, given.message, given.block);
  return [last, system, task, previous];
}

function previousEnd(messages: readonly MessageParam[]): number {
  for (let index = messages.length - 1; index > 0; index -= 1) if (messages[index]?.role === 'assistant') return index - 1;
  return -1;
}

function inMessage(entries: readonly PromptEntry[], message: number, upToBlock: number): number | undefined {
  return lastWhere(entries, (entry) => entry.section === 'messages' && entry.message === message && entry.block <= upToBlock);
}

function lastWhere(entries: readonly PromptEntry[], test: (entry: PromptEntry) => boolean): number | undefined {
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index] as PromptEntry;
    if (test(entry) && canCarryMarker(entry.value)) return index;
  }
  return undefined;
}
