import type { CacheControl, MessagesRequest } from '../anthropic-messages/anthropic-types.js';
import { type BlockPosition, breakpointTargets } from './breakpoint-targets.js';
import { hasMarker, type PromptEntry, promptBlocks } from './prompt-blocks.js';

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
  const client: number[] = [];
  for (let index = 0; index < entries.length; index += 1) if (hasMarker((entries[index] as PromptEntry).value)) client.push(index);
  const kept = client.length <= max ? client : max === 0 ? [] : [client[0] as number, ...client.slice(client.length - max + 1)];
  const markers = new Map<number, CacheControl>(kept.map((index) => [index, entries[index]?.value.cache_control as CacheControl]));
  const longUntil = Math.max(-1, ...kept.filter((index) => markers.get(index)?.ttl === '1h'));
  for (const target of breakpointTargets(entries, request.messages, options)) {
    if (markers.size >= max) break;
    if (target === undefined || markers.has(target)) continue;
    markers.set(target, target < longUntil ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' });
  }
  return withMarkers(request, entries, markers, client);
}

/**
 * The request with `markers` in place of the client's: only the blocks that gain, change or lose a marker
 * are copied, and only the lists (tools, system, a message's content) that hold one are rebuilt. Those are
 * a handful however long the conversation: a pass that grouped every block by its list took 70 ms per
 * 50,000 messages.
 */
function withMarkers<R extends MessagesRequest>(request: R, entries: readonly PromptEntry[], markers: ReadonlyMap<number, CacheControl>, client: readonly number[]): R {
  const blocks = new Map<number, Record<string, unknown>>();
  // A block can change only if it carries a marker now or is to carry one.
  const candidates = new Set(client);
  for (const index of markers.keys()) candidates.add(index);
  for (const index of candidates) {
    const entry = entries[index] as PromptEntry;
    const marker = markers.get(index);
    if (marker === entry.value.cache_control || (marker === undefined && !hasMarker(entry.value))) continue;
    const { cache_control: _old, ...rest } = entry.value;
    blocks.set(index, marker === undefined ? rest : { ...rest, cache_control: marker });
  }
  if (blocks.size === 0) return request;
  const lists = new Map<string, unknown[]>();
  for (const index of blocks.keys()) {
    const entry = entries[index] as PromptEntry;
    const key = listKey(entry);
    if (lists.has(key)) continue;
    // The blocks of one list are contiguous in `entries`.
    let start = index;
    while (start > 0 && listKey(entries[start - 1] as PromptEntry) === key) start -= 1;
    const list: unknown[] = [];
    for (let at = start; at < entries.length && listKey(entries[at] as PromptEntry) === key; at += 1) list.push(blocks.get(at) ?? (entries[at] as PromptEntry).value);
    lists.set(key, list);
  }
  const messages = request.messages.slice();
  for (const [key, content] of lists) {
    if (key === 'tools' || key === 'system') continue;
    const message = messages[Number(key)] as (typeof messages)[number];
    messages[Number(key)] = { ...message, content: content as typeof message.content };
  }
  const result: R = { ...request, messages };
  if (request.tools !== undefined) result.tools = (lists.get('tools') ?? request.tools) as R['tools'];
  if (request.system !== undefined) result.system = (lists.get('system') ?? request.system) as R['system'];
  return result;
}

function listKey(entry: PromptEntry): string {
  return entry.section === 'messages' ? String(entry.message) : entry.section;
}
