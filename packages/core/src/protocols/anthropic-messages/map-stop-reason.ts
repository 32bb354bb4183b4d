import type { StopReason } from './anthropic-types.js';

/**
 * A Chat `finish_reason` as an Anthropic `stop_reason`. Tool calls win over "stop" and over a missing
 * reason, because some servers finish a tool-calling turn with "stop" and Claude Code only runs tools
 * after `tool_use`; a cut-off turn stays `max_tokens` so Claude Code asks for the rest.
 *
 * @example mapStopReason('length', false) // 'max_tokens'
 */
export function mapStopReason(finishReason: string | null | undefined, hasToolCalls: boolean): StopReason {
  if (finishReason === 'length') return 'max_tokens';
  if (finishReason === 'content_filter') return 'refusal';
  if (hasToolCalls || finishReason === 'tool_calls' || finishReason === 'function_call') return 'tool_use';
  return 'end_turn';
}
