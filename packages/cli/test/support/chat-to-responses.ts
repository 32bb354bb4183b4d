import type { ChatMessage } from '@llm-relay/core';

/** A Chat conversation as Codex would send it over the Responses API: message items, function calls, outputs. */
export function chatToResponsesInput(messages: ChatMessage[]): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const message of messages) {
    const text = typeof message.content === 'string' ? message.content : '';
    if (message.role === 'tool') {
      items.push({ type: 'function_call_output', call_id: message.tool_call_id, output: text });
      continue;
    }
    if (message.role === 'assistant') {
      if (text !== '') items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
      for (const call of message.tool_calls ?? []) items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
      continue;
    }
    const role = message.role === 'system' ? 'developer' : message.role;
    items.push({ type: 'message', role, content: [{ type: 'input_text', text }] });
  }
  return items;
}
