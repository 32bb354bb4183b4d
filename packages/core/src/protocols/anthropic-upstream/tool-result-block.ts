import type { ToolResultBlock } from '../anthropic-messages/anthropic-types.js';
import { userContentBlocks } from './user-content-blocks.js';

/**
 * A Chat `tool` message's content as a `tool_result` block. Text-only content is one string (parts joined
 * by newlines); content with images is a block list, which Anthropic allows inside a tool result. Empty
 * content leaves `content` out, which Anthropic reads as a call with no output.
 *
 * @example toolResultBlock('call_1', 'ok') // { type: 'tool_result', tool_use_id: 'call_1', content: 'ok' }
 */
export function toolResultBlock(toolUseId: string, content: unknown): ToolResultBlock {
  const blocks = userContentBlocks(content);
  // Markers inside a result are left out: the breakpoint count (at most 4) is kept on top-level blocks.
  if (blocks.some((block) => block.type === 'image')) return { type: 'tool_result', tool_use_id: toolUseId, content: blocks.map(({ cache_control: _marker, ...block }) => block) };
  const text = blocks.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
  return text === '' ? { type: 'tool_result', tool_use_id: toolUseId } : { type: 'tool_result', tool_use_id: toolUseId, content: text };
}

/** A tool result with no call to answer in the message before it, kept as text so the model still sees it. */
export function orphanResultText(toolUseId: string, result: ToolResultBlock): string {
  const content = result.content;
  const text = typeof content === 'string' ? content : (content ?? []).map((block) => (block.type === 'text' ? block.text : '[image]')).join('\n');
  const call = toolUseId === '' ? 'a tool call' : `tool call ${toolUseId}`;
  return `[result of ${call}]\n${text === '' ? '(no output)' : text}`;
}
