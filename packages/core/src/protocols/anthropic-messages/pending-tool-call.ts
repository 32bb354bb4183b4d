import type { Fields } from './chat-fields.js';
import { JsonCompletion } from './json-completion.js';

/** A streamed Chat tool call on its way to becoming a `tool_use` block. */
export interface PendingToolCall {
  index: number;
  id?: string;
  name?: string;
  /** Arguments received while the block could not be open yet. */
  buffered: string;
  json: JsonCompletion;
  state: 'waiting' | 'open' | 'closed';
}

/**
 * The call a `delta.tool_calls[]` entry belongs to, created on first sight. Entries without an `index`
 * (some servers leave it out) belong to the call with their `id`, a new call for a new id, else the last call.
 */
export function pendingToolCall(calls: Map<number, PendingToolCall>, part: Fields): PendingToolCall {
  const index = typeof part.index === 'number' ? part.index : implicitIndex(calls, part.id);
  let call = calls.get(index);
  if (call === undefined) {
    call = { index, buffered: '', json: new JsonCompletion(), state: 'waiting' };
    calls.set(index, call);
  }
  return call;
}

function implicitIndex(calls: Map<number, PendingToolCall>, id: unknown): number {
  const known = [...calls.values()];
  if (typeof id === 'string' && id !== '') return known.find((call) => call.id === id)?.index ?? Math.max(-1, ...known.map((call) => call.index)) + 1;
  return known.at(-1)?.index ?? 0;
}

/** Calls whose block can open now (id and name known), in the order of their Chat index. */
export function readyToolCalls(calls: Map<number, PendingToolCall>): PendingToolCall[] {
  return [...calls.values()].filter((call) => call.state === 'waiting' && call.id !== undefined && call.name !== undefined).sort((a, b) => a.index - b.index);
}
