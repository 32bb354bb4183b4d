import type { MessageParam, MessagesRequest } from '../anthropic-messages/anthropic-types.js';
import { type BlockPlace, blockAt, canCarryMarker, listAt, type PromptSection, placeCount } from './prompt-blocks.js';

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
 * Where the relay wants its breakpoints, most important first: (4) the last block of the request, (1) the
 * last system block (the last tool without system), (2) the last block of the task message, (3) the last
 * block of the previous request. Undefined where a target has no block that can carry a marker (each one
 * falls back to the last such block before it in its message or section). Each is found by reading back
 * from where it must be, not by listing every block: a 50,000-message request is read at its end.
 *
 * (3) is computed from the messages alone: the previous request of the conversation is this one minus
 * the newest assistant message and what follows it (the answer to that request, then the new user turn
 * or its tool results), so it ended with the message just before the last assistant message.
 */
export function breakpointTargets(request: MessagesRequest, options: TargetOptions): (BlockPlace | undefined)[] {
  const { messages } = request;
  const last = lastInMessages(request) ?? lastIn(request, 'system', -1, Number.POSITIVE_INFINITY) ?? lastIn(request, 'tools', -1, Number.POSITIVE_INFINITY);
  const system = lastIn(request, 'system', -1, Number.POSITIVE_INFINITY) ?? lastIn(request, 'tools', -1, Number.POSITIVE_INFINITY);
  const task = lastIn(request, 'messages', options.taskMessageIndex, Number.POSITIVE_INFINITY);
  const given = options.previousBreakpoint;
  const previous = given === undefined ? lastIn(request, 'messages', previousEnd(messages), Number.POSITIVE_INFINITY) : lastIn(request, 'messages', given.message, given.block);
  return [last, system, task, previous];
}

function previousEnd(messages: readonly MessageParam[]): number {
  for (let index = messages.length - 1; index > 0; index -= 1) if (messages[index]?.role === 'assistant') return index - 1;
  return -1;
}

function lastInMessages(request: MessagesRequest): BlockPlace | undefined {
  for (let message = request.messages.length - 1; message >= 0; message -= 1) {
    const found = lastIn(request, 'messages', message, Number.POSITIVE_INFINITY);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The last block of one list, at or before `upToBlock`, that can carry a marker. */
function lastIn(request: MessagesRequest, section: PromptSection, message: number, upToBlock: number): BlockPlace | undefined {
  if (section === 'messages' && (message < 0 || message >= request.messages.length)) return undefined;
  const list = listAt(request, section, message);
  for (let block = Math.min(placeCount(list) - 1, upToBlock); block >= 0; block -= 1) {
    const value = blockAt(list, block);
    if (value !== undefined && canCarryMarker(value)) return { section, message, block };
  }
  return undefined;
}
