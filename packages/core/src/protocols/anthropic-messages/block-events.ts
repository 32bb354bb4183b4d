import { sseEvent } from './sse-event.js';

export type BlockKind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';

/** `content_block_start` for a block of `index`. */
export function blockStart(index: number, block: Record<string, unknown>): string {
  return sseEvent('content_block_start', { type: 'content_block_start', index, content_block: block });
}

/**
 * `content_block_delta` of the one type each block kind accepts: text_delta, thinking_delta, input_json_delta.
 *
 * @example blockDelta(0, 'tool_use', '{"a":') // event: content_block_delta … {"type":"input_json_delta","partial_json":"{\"a\":"}
 */
export function blockDelta(index: number, kind: BlockKind, text: string): string {
  const delta = kind === 'text' ? { type: 'text_delta', text } : kind === 'thinking' ? { type: 'thinking_delta', thinking: text } : { type: 'input_json_delta', partial_json: text };
  return sseEvent('content_block_delta', { type: 'content_block_delta', index, delta });
}

/**
 * `content_block_stop`, preceded for a thinking block by its `signature_delta`. Chat upstreams sign nothing,
 * so the signature is "": Claude Code sends it back next turn, and it must never be passed to real Anthropic.
 */
export function blockStop(index: number, kind: BlockKind): string {
  const signature = kind === 'thinking' ? sseEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: '' } }) : '';
  return signature + sseEvent('content_block_stop', { type: 'content_block_stop', index });
}
