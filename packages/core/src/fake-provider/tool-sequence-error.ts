import type { ChatMessage } from '../types/chat.js';

export interface ToolSequenceError {
  message: string;
  param: string;
}

/**
 * The tool-call rules strict providers enforce, with OpenAI's own wording: every `tool` message answers a
 * call of the assistant message right before its block, and every call gets its answer.
 * Returns undefined for a valid conversation.
 */
export function toolSequenceError(messages: readonly ChatMessage[]): ToolSequenceError | undefined {
  let pending: Set<string> | undefined;
  let callerIndex = -1;
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'tool') {
      if (pending === undefined || message.tool_call_id === undefined || !pending.has(message.tool_call_id)) {
        return {
          param: `messages.[${i}].role`,
          message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        };
      }
      pending.delete(message.tool_call_id);
      continue;
    }
    if (pending !== undefined && pending.size > 0) return missingAnswers(callerIndex, pending);
    pending = undefined;
    if (message.role === 'assistant' && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      pending = new Set(message.tool_calls.map((call) => call.id));
      callerIndex = i;
    }
  }
  if (pending !== undefined && pending.size > 0) return missingAnswers(callerIndex, pending);
  return undefined;
}

function missingAnswers(index: number, pending: Set<string>): ToolSequenceError {
  return {
    param: `messages.[${index}].role`,
    message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
  };
}
