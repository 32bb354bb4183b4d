import type { ToolChoice } from '../anthropic-messages/anthropic-types.js';
import type { ThinkingConfig, UpstreamMessage } from './upstream-types.js';

// Anthropic's smallest budget; an effort that cannot have it gets no thinking rather than a 400.
const MIN_BUDGET = 1_024;
const BUDGETS: Readonly<Record<string, number>> = { low: 1_024, medium: 4_096, high: 16_384 };

/**
 * The `thinking` setting for a Chat `reasoning_effort` (low 1,024, medium 4,096, high 16,384 tokens,
 * clamped below `max_tokens`), or undefined where Anthropic would refuse it:
 *
 * - another effort (`minimal`, `none`, unknown), or less than 1,024 tokens of room below `max_tokens`;
 * - a forced tool (`tool_choice` any or tool): "Thinking may not be enabled when tool_choice forces tool use";
 * - a final assistant message (a prefill);
 * - the last assistant message has `tool_use` blocks: in a tool loop Anthropic wants that message to start
 *   with a signed thinking block, and the relay has none to send back (a Chat history carries no signature).
 *
 * @example thinkingConfig('medium', 8192, [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], undefined)
 * // { type: 'enabled', budget_tokens: 4096 }
 */
export function thinkingConfig(effort: unknown, maxTokens: number, messages: readonly UpstreamMessage[], toolChoice: ToolChoice | undefined): ThinkingConfig | undefined {
  const wanted = typeof effort === 'string' ? BUDGETS[effort] : undefined;
  if (wanted === undefined) return undefined;
  const budget = Math.min(wanted, maxTokens - 1);
  if (budget < MIN_BUDGET) return undefined;
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return undefined;
  if (messages.at(-1)?.role === 'assistant') return undefined;
  const lastAssistant = [...messages].reverse().find((message) => message.role === 'assistant');
  if (lastAssistant?.content.some((block) => block.type === 'tool_use') === true) return undefined;
  return { type: 'enabled', budget_tokens: budget };
}
