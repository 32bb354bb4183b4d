import { splitText } from '../split-text.js';
import type { AnthropicBlock } from './anthropic-body.js';
import type { CacheUsage } from './prompt-cache.js';

/** A whole Messages answer, as `POST /v1/messages` returns it without streaming. */
export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicBlock[];
  stop_reason: string;
  stop_sequence: null;
  usage: CacheUsage & { output_tokens: number };
}

/**
 * The SSE events that stream `message`, each already framed with its `event:` line as Anthropic sends it:
 * message_start (input usage, output_tokens 1), ping, then per block content_block_start, its deltas
 * (text in `chunks` pieces; thinking then its signature; tool input as `input_json_delta`, starting with
 * an empty one as the real API does) and content_block_stop, then message_delta (stop reason and the
 * whole usage: Claude Code reads input and cache counts there) and message_stop.
 *
 * @example anthropicStreamEvents(message, 8)[0] // 'event: message_start\ndata: {"type":"message_start",...}\n\n'
 */
export function anthropicStreamEvents(message: AnthropicMessageResponse, chunks: number): string[] {
  const events: string[] = [];
  const emit = (type: string, data: Record<string, unknown> = {}) => events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  emit('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } } });
  emit('ping');
  message.content.forEach((block, index) => {
    emit('content_block_start', { index, content_block: startOf(block) });
    for (const delta of deltasOf(block, chunks)) emit('content_block_delta', { index, delta });
    emit('content_block_stop', { index });
  });
  emit('message_delta', { delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage: message.usage });
  emit('message_stop');
  return events;
}

function startOf(block: AnthropicBlock): AnthropicBlock {
  if (block.type === 'text') return { type: 'text', text: '' };
  if (block.type === 'thinking') return { type: 'thinking', thinking: '', signature: '' };
  // Input given in the start block is ignored by clients: it only ever arrives as deltas.
  if (block.type === 'tool_use') return { type: 'tool_use', id: block.id, name: block.name, input: {} };
  return block;
}

function deltasOf(block: AnthropicBlock, chunks: number): Record<string, unknown>[] {
  if (block.type === 'text') return splitText(String(block.text), chunks).map((text) => ({ type: 'text_delta', text }));
  if (block.type === 'thinking') {
    const thinking = splitText(String(block.thinking), chunks).map((piece) => ({ type: 'thinking_delta', thinking: piece }));
    return [...thinking, { type: 'signature_delta', signature: block.signature }];
  }
  if (block.type === 'tool_use') {
    return ['', ...splitText(JSON.stringify(block.input ?? {}), chunks)].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
  }
  return [];
}
