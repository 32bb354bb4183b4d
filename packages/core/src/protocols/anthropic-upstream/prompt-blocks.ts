import type { MessagesRequest } from '../anthropic-messages/anthropic-types.js';

export type PromptSection = 'tools' | 'system' | 'messages';

/** Where a block of a request's prompt sits: its section, its message (`messages` only; -1 elsewhere), its index in that list. */
export interface BlockPlace {
  section: PromptSection;
  message: number;
  block: number;
}

const RANK: Readonly<Record<PromptSection, number>> = { tools: 0, system: 1, messages: 2 };

/** `a` comes before `b` in Anthropic's cache order: tools, then system blocks, then each message's blocks. */
export function isBefore(a: BlockPlace, b: BlockPlace): boolean {
  if (a.section !== b.section) return RANK[a.section] < RANK[b.section];
  return a.message !== b.message ? a.message < b.message : a.block < b.block;
}

export function placeKey(place: BlockPlace): string {
  return `${place.section}:${place.message}:${place.block}`;
}

/** The list a block sits in: the tools, the system blocks or string, or one message's content. */
export function listAt(request: MessagesRequest, section: PromptSection, message: number): unknown {
  if (section === 'tools') return request.tools;
  if (section === 'system') return request.system;
  return request.messages[message]?.content;
}

/** How many places a list has: a non-empty string content counts as one text block, as Anthropic reads it. */
export function placeCount(list: unknown): number {
  if (typeof list === 'string') return list === '' ? 0 : 1;
  return Array.isArray(list) ? list.length : 0;
}

/** The block at `index` of a list (a string content as the text block it stands for); undefined where there is none. */
export function blockAt(list: unknown, index: number): Record<string, unknown> | undefined {
  if (typeof list === 'string') return index === 0 && list !== '' ? { type: 'text', text: list } : undefined;
  if (!Array.isArray(list)) return undefined;
  const block: unknown = list[index];
  return block !== null && typeof block === 'object' ? (block as Record<string, unknown>) : undefined;
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
