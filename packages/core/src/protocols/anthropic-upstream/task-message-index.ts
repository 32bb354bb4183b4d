import type { MessageParam } from '../anthropic-messages/anthropic-types.js';
import { CONTINUE_PLACEHOLDER } from './upstream-types.js';

/**
 * Where the task (the Chat conversation's first user message) sits in a request made by
 * `toMessagesRequest`: message 0, unless the conversation opened with an assistant message and the
 * conversion put its `[conversation continues]` placeholder first; then the next user message.
 *
 * @example taskMessageIndex([{ role: 'user', content: [{ type: 'text', text: 'Fix the test' }] }]) // 0
 */
export function taskMessageIndex(messages: readonly MessageParam[]): number {
  const first = messages[0];
  const content = first?.content;
  const placeholder = Array.isArray(content) && content.length === 1 && (content[0] as { text?: unknown }).text === CONTINUE_PLACEHOLDER;
  if (!placeholder) return 0;
  const next = messages.findIndex((message, index) => index > 0 && message.role === 'user');
  return next === -1 ? 0 : next;
}
