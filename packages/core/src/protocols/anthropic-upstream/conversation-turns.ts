import type { ChatMessage } from '../../types/chat.js';
import type { ImageBlock, TextBlock, ToolResultBlock, ToolUseBlock } from '../anthropic-messages/anthropic-types.js';
import { parseToolInput } from '../anthropic-messages/parse-tool-input.js';
import { asFields } from '../chat-fields.js';
import { textBlock } from './text-block.js';
import { toolResultBlock } from './tool-result-block.js';
import { toolUseId } from './tool-use-id.js';
import type { AssistantBlock } from './upstream-types.js';
import { textBlocksOf, userContentBlocks } from './user-content-blocks.js';

/** Something the user side of the conversation said: a tool's answer (still to be paired) or a block. */
export type UserItem = { kind: 'result'; id: string; block: ToolResultBlock } | { kind: 'block'; block: TextBlock | ImageBlock };

export type Turn = { role: 'user'; items: UserItem[] } | { role: 'assistant'; blocks: AssistantBlock[] };

/**
 * Chat messages (after the leading system ones) as alternating turns, which Anthropic requires:
 * consecutive assistant messages form one assistant turn, and everything between two assistant turns
 * (tool messages, user messages, system messages) one user turn, in the order it was said.
 *
 * - A system or developer message here becomes a `<system-reminder>` text in the user turn of its place,
 *   after the tool results of that turn: it stays where the client put it in time, and appending to a
 *   later turn never rewrites an earlier one, so the cached prefix survives.
 * - An assistant message with nothing to send (empty text, only `reasoning_content`) is no turn at all:
 *   the user turns around it merge. Reasoning is never sent back, as it has no Anthropic signature.
 * - An empty user message still makes a user turn (filled later with a placeholder), so that a
 *   conversation ending in one is not read as an assistant prefill.
 *
 * @example conversationTurns([{ role: 'user', content: 'Hi' }, { role: 'system', content: 'Be brief' }])
 * // [{ role: 'user', items: [{ kind: 'block', block: { type: 'text', text: 'Hi' } }, { kind: 'block', block: { type: 'text', text: '<system-reminder>\nBe brief\n</system-reminder>' } }] }]
 */
export function conversationTurns(messages: readonly ChatMessage[]): Turn[] {
  const turns: Turn[] = [];
  messages.forEach((message, index) => {
    const last = turns.at(-1);
    if (message.role === 'assistant') {
      const blocks = assistantBlocks(message, index);
      if (blocks.length === 0) return;
      if (last?.role === 'assistant') append(last.blocks, blocks);
      else turns.push({ role: 'assistant', blocks });
      return;
    }
    const items = userItems(message);
    if (items === undefined) return;
    if (last?.role === 'user') append(last.items, items);
    else turns.push({ role: 'user', items });
  });
  return turns;
}

// Not `push(...more)`: spread arguments overflow the stack past about 120,000 (a message of that many parts).
function append<T>(list: T[], more: readonly T[]): void {
  for (const item of more) list.push(item);
}

function userItems(message: ChatMessage): UserItem[] | undefined {
  if (message.role === 'system' || message.role === 'developer') {
    const texts = textBlocksOf(message.content).map((block) => block.text);
    if (texts.length === 0) return undefined;
    return [{ kind: 'block', block: { type: 'text', text: `<system-reminder>\n${texts.join('\n\n')}\n</system-reminder>` } }];
  }
  if (message.role === 'tool' || message.role === 'function') {
    const id = toolUseId(message.tool_call_id, '');
    return [{ kind: 'result', id, block: toolResultBlock(id, message.content) }];
  }
  // A string content (most messages of a long session) makes one item: no list of blocks to map over.
  if (typeof message.content === 'string') {
    const block = textBlock(message.content);
    return block === undefined ? [] : [{ kind: 'block', block }];
  }
  return userContentBlocks(message.content).map((block) => ({ kind: 'block', block }));
}

function assistantBlocks(message: ChatMessage, index: number): AssistantBlock[] {
  const blocks: AssistantBlock[] = textBlocksOf(message.content);
  if (!Array.isArray(message.tool_calls)) return blocks;
  message.tool_calls.forEach((call: unknown, n) => {
    const fields = asFields(call);
    const fn = asFields(fields.function);
    // Nothing could run a call without a name; its result, if any, is kept as text.
    if (typeof fn.name !== 'string' || fn.name === '') return;
    const args = fn.arguments;
    const input = typeof args === 'string' ? parseToolInput(args) : args !== null && typeof args === 'object' && !Array.isArray(args) ? args : {};
    const block: ToolUseBlock = { type: 'tool_use', id: toolUseId(fields.id, `toolu_${index}_${n}`), name: fn.name, input };
    blocks.push(block);
  });
  return blocks;
}
