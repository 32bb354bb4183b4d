import type { CacheControl, MessagesRequest } from '../anthropic-messages/anthropic-types.js';
import { breakpointTargets, type BlockPosition } from './breakpoint-targets.js';
import { hasMarker, promptBlocks, type PromptEntry } from './prompt-blocks.js';

export type { BlockPosition } from './breakpoint-targets.js';

/** Anthropic's limit: a fifth `cache_control` block is a 400. */
const MAX_BREAKPOINTS = 4;

export interface CacheBreakpointOptions {
  /** Index in `messages` of the task (the first user message), which the relay's truncation always keeps. */
  taskMessageIndex: number;
  /** Where the previous request of the conversation put its last breakpoint, when the caller knows better. */
  previousBreakpoint?: BlockPosition;
  /** At most this many markers in all, the client's included. Default and ceiling 4. */
  maxBreakpoints?: number;
}

/**
 * The request with `cache_control: { type: 'ephemeral' }` on the blocks that keep Anthropic's prompt cache
 * warm through the relay's truncation. Anthropic caches prefixes (tools -> system -> messages) at marked
 * blocks, and a marker finds an earlier entry only within the 20 blocks before it. So:
 *
 * 1. the last system block: tools and system, shared by every request of every conversation;
 * 2. the last block of the task message: the truncation cut drops messages after the task, never the task,
 *    so this prefix is the same before and after a cut;
 * 3. the last block of the previous request (the message before the last assistant message): exactly
 *    where that request put marker 4, so it is read back even when the newest turn added more than 20 blocks;
 * 4. the last block of the request: written now for the next request.
 *
 * A block is counted once however many targets it is. Markers the client placed are respected and count
 * toward the 4; ours are dropped in the order 3, 2, 1, 4 when over. Should the client alone have placed too
 * many, its first and its last ones are kept. No marker lands on a thinking block or blank text (a target
 * falls back to the block before it in its message). Ours take `ttl: '1h'` when placed before a client's
 * 1-hour marker: Anthropic wants longer TTLs first. Pure: the input is not changed.
 *
 * @example
 * const request = toMessagesRequest(chat, { maxOutputTokens: 64_000, model: 'claude-sonnet-4-5' });
 * const body = placeCacheBreakpoints(request, { taskMessageIndex: taskMessageIndex(request.messages) });
 */
export function placeCacheBreakpoints<R extends MessagesRequest>(request: R, options: CacheBreakpointOptions): R {
  const max = Math.min(MAX_BREAKPOINTS, Math.max(0, Math.floor(options.maxBreakpoints ?? MAX_BREAKPOINTS)));
  const entries = promptBlocks(request);
  const client = entries.flatMap((entry, index) => (hasMarker(entry.value) ? [index] : []));
  const kept = client.length <= max ? client : max === 0 ? [] : [client[0] as number, ...client.slice(client.length - max + 1)];
  const markers = new Map<number, CacheControl>(kept.map((index) => [index, entries[index]?.value.cache_control as CacheControl]));
  const longUntil = Math.max(-1, ...kept.filter((index) => markers.get(index)?.ttl === '1h'));
  for (const target of breakpointTargets(entries, request.messages, options)) {
    if (markers.size >= max) break;
    if (target === undefined || markers.has(target)) continue;
    markers.set(target, target < longUntil ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' });
  }
  return withMarkers(request, entries, markers);
}

function withMarkers<R extends MessagesRequest>(request: R, entries: readonly PromptEntry[], markers: ReadonlyMap<number, CacheControl>): R {
  // Blocks grouped by the list they belong to (tools, system, message n), each list rebuilt only if it changed.
  const lists = new Map<string, { entries: PromptEntry[]; changed: boolean }>();
  const blocks = new Map<PromptEntry, Record<string, unknown>>();
  entries.forEach((entry, index) => {
    const key = entry.section === 'messages' ? String(entry.message) : entry.section;
    const list = lists.get(key) ?? { entries: [], changed: false };
    lists.set(key, list);
    list.entries.push(entry);
    const marker = markers.get(index);
    if (marker === entry.value.cache_control || (marker === undefined && !hasMarker(entry.value))) return;
    const { cache_control: _old, ...rest } = entry.value;
    blocks.set(entry, marker === undefined ? rest : { ...rest, cache_control: marker });
    list.changed = true;
  });
  if (blocks.size === 0) return request;
  const rebuilt = (key: string, content: unknown): unknown => {
    const list = lists.get(key);
    return list?.changed === true ? list.entries.map((entry) => blocks.get(entry) ?? entry.value) : content;
  };
  const result: R = {
    ...request,
    messages: request.messages.map((message, index) => {
      const content = rebuilt(String(index), message.content);
      return content === message.content ? message : { ...message, content };
    }),
  };
  if (request.tools !== undefined) result.tools = rebuilt('tools', request.tools) as R['tools'];
  if (request.system !== undefined) result.system = rebuilt('system', request.system) as R['system'];
  return result;
}
