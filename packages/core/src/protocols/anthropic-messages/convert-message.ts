import type { ChatMessage, ContentPart, ToolCall } from '../../types/chat.js';
import { reasoningDetail, reasoningOfToken } from '../encrypted-reasoning.js';
import type { ContentBlock, MessageParam, RedactedThinkingBlock, ThinkingBlock, ToolResultBlock, ToolUseBlock } from './anthropic-types.js';
import { contentTexts, toChatContent, toContentPart } from './content-parts.js';
import { toToolMessage } from './convert-tool-result.js';

/**
 * One Anthropic message as the Chat messages it becomes: usually one, a user turn of tool results one
 * `tool` message per result followed by a user message with whatever else it held. Extra fields of the
 * message (Claude Code's `output_config` on system messages) are dropped.
 *
 * @example toChatMessages({ role: 'user', content: [{ type: 'text', text: 'Hi' }] }, false) // [{ role: 'user', content: 'Hi' }]
 */
export function toChatMessages(message: MessageParam, reasoningContent: boolean): ChatMessage[] {
  if (message.role === 'system') return [{ role: 'system', content: contentTexts(message.content).join('\n\n') }];
  if (message.role === 'assistant') return [assistantMessage(message.content, reasoningContent)];
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  return userMessages(message.content);
}

// Chat wants the tool messages right after the assistant's calls, so they come first; text and images
// of the same turn (tool-result images included, in their place) follow in ONE user message.
function userMessages(blocks: readonly ContentBlock[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      const { message, images } = toToolMessage(block as ToolResultBlock);
      messages.push(message);
      // One by one: spread arguments overflow the stack past about 120,000 images.
      for (const image of images) parts.push(image);
      continue;
    }
    const part = toContentPart(block);
    if (part !== undefined) parts.push(part);
  }
  if (parts.length > 0 || messages.length === 0) messages.push({ role: 'user', content: toChatContent(parts) });
  return messages;
}

// Content is always a string: "" when the turn is only tool calls. OpenAI accepts null there, but ""
// is what the AI SDK (and so OpenCode) sends, and some OpenAI-compatible servers fail on null.
function assistantMessage(content: string | readonly ContentBlock[], reasoningContent: boolean): ChatMessage {
  const message: ChatMessage = { role: 'assistant', content: contentTexts(content).join('\n\n') };
  if (typeof content === 'string') return message;
  const reasoning = content.flatMap((block) => (block.type === 'thinking' && (block as ThinkingBlock).thinking !== '' ? [(block as ThinkingBlock).thinking] : []));
  if (reasoningContent && reasoning.length > 0) message.reasoning_content = reasoning.join('\n\n');
  // Another provider's encrypted reasoning, carried in Claude Code's history by the relay (see encrypted-reasoning.ts).
  // A plain loop: every assistant turn of a long history passes here, and almost none holds any.
  if (reasoningContent) {
    let details: Record<string, unknown>[] | undefined;
    for (const block of content) {
      const sealed = block.type === 'redacted_thinking' ? reasoningOfToken((block as RedactedThinkingBlock).data) : undefined;
      if (sealed !== undefined) (details ??= []).push(reasoningDetail(sealed));
    }
    if (details !== undefined) message.reasoning_details = details;
  }
  const calls = content.filter((block) => block.type === 'tool_use').map((block) => toolCall(block as ToolUseBlock));
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

function toolCall(block: ToolUseBlock): ToolCall {
  return { id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } };
}
