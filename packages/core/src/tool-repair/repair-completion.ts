import type { ToolCall } from '../types/chat.js';
import { markupOpeners } from './markup-openers.js';
import { MarkupScanner } from './markup-scanner.js';
import type { OfferedTools } from './offered-tools.js';
import type { RepairListener } from './repair-report.js';
import { repairToolCall } from './repair-tool-call.js';
import { settleMarkup } from './settle-markup.js';
import type { ToolCallFamily } from './tool-call-family.js';
import { DEFAULT_MAX_HELD_CHARS } from './tool-repair-config.js';

type Message = { content?: unknown; tool_calls?: unknown } & Record<string, unknown>;
type Choice = { message?: Message; finish_reason?: unknown } & Record<string, unknown>;

/**
 * Tool-call repair on a whole Chat completion: calls written as text become `tool_calls`, structured
 * calls are mended to fit their tools. The same object comes back when nothing changed, so the relay can
 * pass the upstream's bytes on.
 *
 * @example
 * repairCompletion(completion, families, offeredTools(request.tools), listener) === completion // nothing to repair
 */
export function repairCompletion(completion: unknown, families: readonly ToolCallFamily[], tools: OfferedTools, listener: RepairListener, maxHeldChars = DEFAULT_MAX_HELD_CHARS): unknown {
  const choices = (completion as { choices?: unknown } | null)?.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return completion;
  const choice = choices[0] as Choice | null;
  const message = choice?.message;
  if (choice === null || message === undefined || message === null || typeof message !== 'object') return completion;

  const finishReason = choice.finish_reason;
  const structured = Array.isArray(message.tool_calls) ? (message.tool_calls as ToolCall[]) : [];
  const mended = finishReason === 'length' ? structured : structured.flatMap((call) => repairToolCall(call, tools, listener));
  let content = message.content;
  let recovered: ToolCall[] = [];
  if (typeof content === 'string' && content !== '') {
    // The same bound as a stream's, though the answer is in memory already: the region is parsed in one
    // step on the event loop (tens of milliseconds a megabyte), and a whole answer should not be repaired
    // where the same answer streamed would not.
    const scanner = new MarkupScanner(markupOpeners(families), maxHeldChars);
    const released = scanner.push(content);
    const settled = settleMarkup(scanner.finish(), finishReason, families, tools, listener);
    recovered = settled.calls;
    if (recovered.length > 0) content = released + settled.text;
  }
  const changedCalls = mended.length !== structured.length || mended.some((call, i) => call !== structured[i]);
  if (!changedCalls && recovered.length === 0) return completion;

  const calls = [...mended, ...recovered];
  const repairedMessage: Message = { ...message, content: content === '' ? null : content, tool_calls: calls };
  const reason = recovered.length > 0 && finishReason === 'stop' ? 'tool_calls' : finishReason;
  return { ...(completion as object), choices: [{ ...choice, message: repairedMessage, finish_reason: reason }] };
}
