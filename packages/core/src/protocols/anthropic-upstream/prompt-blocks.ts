import type { MessagesRequest } from '../anthropic-messages/anthropic-types.js';

export type PromptSection = 'tools' | 'system' | 'messages';

/** One block of a request's prompt in Anthropic's cache order, with where it sits. */
export interface PromptEntry {
  section: PromptSection;
  /** The message index (`messages` only; -1 elsewhere). */
  message: number;
  /** The index in the tools, system or message content list. */
  block: number;
  value: Record<string, unknown>;
  /** The block stands for a string content (or system): writing a marker turns the string into a list. */
  fromString: boolean;
}

/**
 * Every block a `cache_control` marker could go on, in Anthropic's cache order: tools, then system blocks,
 * then each message's blocks. A non-empty string content counts as one text block, as Anthropic reads it.
 *
 * @example promptBlocks({ model: 'm', system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] }).length // 2
 */
export function promptBlocks(request: MessagesRequest): PromptEntry[] {
  const entries: PromptEntry[] = [];
  const add = (section: PromptSection, message: number, content: unknown) => {
    if (typeof content === 'string') {
      if (content !== '') entries.push({ section, message, block: 0, value: { type: 'text', text: content }, fromString: true });
      return;
    }
    if (!Array.isArray(content)) return;
    content.forEach((block: unknown, index) => {
      if (block !== null && typeof block === 'object') entries.push({ section, message, block: index, value: block as Record<string, unknown>, fromString: false });
    });
  };
  add('tools', -1, request.tools);
  add('system', -1, request.system);
  request.messages.forEach((message, index) => add('messages', index, message.content));
  return entries;
}

/** The block carries a `cache_control` marker. */
export function hasMarker(block: Record<string, unknown>): boolean {
  return block.cache_control !== null && typeof block.cache_control === 'object';
}

/** A marker may sit here: not on thinking (Anthropic refuses it) nor on blank text. */
export function canCarryMarker(block: Record<string, unknown>): boolean {
  if (block.type === 'thinking' || block.type === 'redacted_thinking') return false;
  return block.type !== 'text' || (typeof block.text === 'string' && block.text.trim() !== '');
}
