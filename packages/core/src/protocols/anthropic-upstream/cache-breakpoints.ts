import type { CacheControl, MessagesRequest } from '../anthropic-messages/anthropic-types.js';
import { type BlockPosition, breakpointTargets } from './breakpoint-targets.js';
import { type BlockPlace, blockAt, hasMarker, isBefore, listAt, type PromptSection, placeKey } from './prompt-blocks.js';

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
  const client = clientMarkers(request);
  const kept = client.length <= max ? client : max === 0 ? [] : [client[0] as BlockPlace, ...client.slice(client.length - max + 1)];
  const markers = new Map<string, { place: BlockPlace; marker: CacheControl }>();
  for (const place of kept) markers.set(placeKey(place), { place, marker: blockAt(listAt(request, place.section, place.message), place.block)?.cache_control as CacheControl });
  let longUntil: BlockPlace | undefined;
  for (const { place, marker } of markers.values()) if (marker?.ttl === '1h' && (longUntil === undefined || isBefore(longUntil, place))) longUntil = place;
  for (const target of breakpointTargets(request, options)) {
    if (markers.size >= max) break;
    if (target === undefined || markers.has(placeKey(target))) continue;
    const long = longUntil !== undefined && isBefore(target, longUntil);
    markers.set(placeKey(target), { place: target, marker: long ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' } });
  }
  return withMarkers(request, markers, client);
}

/** The blocks the client marked, in cache order: one pass over the lists, allocating only for what it finds. */
function clientMarkers(request: MessagesRequest): BlockPlace[] {
  const found: BlockPlace[] = [];
  const scan = (section: PromptSection, message: number, list: unknown) => {
    if (!Array.isArray(list)) return;
    for (let block = 0; block < list.length; block += 1) {
      const value = blockAt(list, block);
      if (value !== undefined && hasMarker(value)) found.push({ section, message, block });
    }
  };
  scan('tools', -1, request.tools);
  scan('system', -1, request.system);
  const { messages } = request;
  for (let message = 0; message < messages.length; message += 1) scan('messages', message, messages[message]?.content);
  return found;
}

/**
 * The request with `markers` in place of the client's: only the blocks that gain, change or lose a marker
 * are copied, and only the lists (tools, system, a message's content) that hold one are rebuilt. Those are
 * a handful however long the conversation: a pass that grouped every block by its list took 70 ms per
 * 50,000 messages.
 */
function withMarkers<R extends MessagesRequest>(request: R, markers: ReadonlyMap<string, { place: BlockPlace; marker: CacheControl }>, client: readonly BlockPlace[]): R {
  // A block can change only if it carries a marker now or is to carry one.
  const candidates = new Map<string, BlockPlace>();
  for (const place of client) candidates.set(placeKey(place), place);
  for (const [key, { place }] of markers) candidates.set(key, place);
  const lists = new Map<string, { section: PromptSection; message: number; list: unknown[] }>();
  for (const [key, place] of candidates) {
    const list = listAt(request, place.section, place.message);
    const value = blockAt(list, place.block) as Record<string, unknown>;
    const marker = markers.get(key)?.marker;
    if (marker === value.cache_control || (marker === undefined && !hasMarker(value))) continue;
    const { cache_control: _old, ...rest } = value;
    const listKey = place.section === 'messages' ? String(place.message) : place.section;
    let rebuilt = lists.get(listKey);
    if (rebuilt === undefined) {
      // A string content becomes the list of its one text block.
      rebuilt = { section: place.section, message: place.message, list: typeof list === 'string' ? [{ type: 'text', text: list }] : [...(list as unknown[])] };
      lists.set(listKey, rebuilt);
    }
    rebuilt.list[place.block] = marker === undefined ? rest : { ...rest, cache_control: marker };
  }
  if (lists.size === 0) return request;
  const messages = request.messages.slice();
  const result: R = { ...request, messages };
  for (const { section, message, list } of lists.values()) {
    if (section === 'tools') result.tools = list as R['tools'];
    else if (section === 'system') result.system = list as R['system'];
    else {
      const original = messages[message] as (typeof messages)[number];
      messages[message] = { ...original, content: list as typeof original.content };
    }
  }
  return result;
}
