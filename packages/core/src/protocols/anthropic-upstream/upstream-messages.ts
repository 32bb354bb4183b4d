import type { ToolResultBlock } from '../anthropic-messages/anthropic-types.js';
import type { Turn, UserItem } from './conversation-turns.js';
import { orphanResultText } from './tool-result-block.js';
import { type AssistantBlock, CONTINUE_PLACEHOLDER, type UpstreamMessage, type UserBlock } from './upstream-types.js';

const NO_CALLS: readonly string[] = [];

/**
 * Alternating turns as Anthropic messages that pass its tool rules:
 *
 * - The first message is a user message: a placeholder `[conversation continues]` is put before an
 *   opening assistant turn (a truncated or prefilled history), and is the whole request when there is nothing else.
 * - Each user message after an assistant message with `tool_use` blocks starts with exactly one
 *   `tool_result` per call, in the order of the calls, then the rest of the turn in the order it was said.
 *   A call nobody answered gets an `is_error` result saying so; a result for a call that is not in the
 *   message right before (or a second one for the same call) becomes text, so nothing is lost and nothing
 *   breaks the pairing. A repeated `tool_use` id in one message keeps its first call only.
 * - A user turn left with no blocks gets the placeholder text.
 * - A final assistant message (a prefill) loses its trailing whitespace, which Anthropic refuses there.
 *
 * @example upstreamMessages([{ role: 'assistant', blocks: [{ type: 'text', text: 'Hi' }] }])
 * // [{ role: 'user', content: [{ type: 'text', text: '[conversation continues]' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] }]
 */
export function upstreamMessages(turns: readonly Turn[]): UpstreamMessage[] {
  const messages: UpstreamMessage[] = [];
  if (turns[0]?.role !== 'user') messages.push({ role: 'user', content: [placeholder()] });
  let calls: readonly string[] = NO_CALLS;
  for (const turn of turns) {
    if (turn.role === 'assistant') {
      const content = uniqueCalls(turn.blocks);
      messages.push({ role: 'assistant', content });
      calls = callIds(content);
    } else {
      messages.push({ role: 'user', content: userContent(turn.items, calls) });
      calls = NO_CALLS;
    }
  }
  if (calls.length > 0) messages.push({ role: 'user', content: userContent([], calls) });
  trimPrefill(messages);
  return messages;
}

function userContent(items: readonly UserItem[], calls: readonly string[]): UserBlock[] {
  // Most user turns follow no tool calls: nothing to pair, and no set or map to build per turn.
  if (calls.length === 0) {
    const content = items.map((item): UserBlock => (item.kind === 'block' ? item.block : { type: 'text', text: orphanResultText(item.id, item.block) }));
    return content.length > 0 ? content : [placeholder()];
  }
  const open = new Set(calls);
  const answers = new Map<string, ToolResultBlock>();
  const rest: UserBlock[] = [];
  for (const item of items) {
    if (item.kind === 'block') rest.push(item.block);
    else if (open.has(item.id) && !answers.has(item.id)) answers.set(item.id, item.block);
    else rest.push({ type: 'text', text: orphanResultText(item.id, item.block) });
  }
  const content: UserBlock[] = [...calls.map((id) => answers.get(id) ?? unanswered(id)), ...rest];
  return content.length > 0 ? content : [placeholder()];
}

// A loop, not flatMap: most of a long session's assistant turns call nothing, and flatMap built two arrays for each.
function callIds(content: readonly AssistantBlock[]): readonly string[] {
  let ids: string[] | undefined;
  for (const block of content) if (block.type === 'tool_use') (ids ??= []).push(block.id);
  return ids ?? NO_CALLS;
}

function uniqueCalls(blocks: readonly AssistantBlock[]): AssistantBlock[] {
  if (!blocks.some((block) => block.type === 'tool_use')) return blocks as AssistantBlock[];
  const seen = new Set<string>();
  return blocks.filter((block) => {
    if (block.type !== 'tool_use') return true;
    if (seen.has(block.id)) return false;
    seen.add(block.id);
    return true;
  });
}

function unanswered(id: string): ToolResultBlock {
  return { type: 'tool_result', tool_use_id: id, content: 'No result was given for this tool call.', is_error: true };
}

function placeholder(): UserBlock {
  return { type: 'text', text: CONTINUE_PLACEHOLDER };
}

// Anthropic: "final assistant content cannot end with trailing whitespace". Text blocks are never blank
// (see textBlock), so trimming leaves something.
function trimPrefill(messages: UpstreamMessage[]): void {
  const last = messages.at(-1);
  const tail = last?.content.at(-1);
  if (last?.role !== 'assistant' || tail?.type !== 'text' || tail.text.trimEnd() === tail.text) return;
  messages[messages.length - 1] = { role: 'assistant', content: [...last.content.slice(0, -1), { ...tail, text: tail.text.trimEnd() }] };
}
