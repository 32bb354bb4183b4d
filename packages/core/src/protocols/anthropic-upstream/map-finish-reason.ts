import type { ChatFinishReason } from '../chat-completion.js';

const REASONS: Readonly<Record<string, ChatFinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  // Server tools paused a long turn; to a Chat client the turn simply ended.
  pause_turn: 'stop',
  max_tokens: 'length',
  // The window filled before max_tokens: to the client that is still "cut off", and it may ask for the rest.
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/**
 * An Anthropic `stop_reason` as a Chat `finish_reason`; anything unknown (or missing) is 'stop'.
 *
 * @example toFinishReason('tool_use') // 'tool_calls'
 */
export function toFinishReason(stopReason: unknown): ChatFinishReason {
  return (typeof stopReason === 'string' ? REASONS[stopReason] : undefined) ?? 'stop';
}
