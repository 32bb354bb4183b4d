import type { ChatMessage } from '@llm-relay/core';

type Block = Record<string, unknown>;

/**
 * A Chat conversation as Claude Code would send it over Anthropic Messages: the leading system messages as
 * `system`, assistant tool calls as `tool_use` blocks, each run of tool messages as one user message of
 * `tool_result` blocks, with `cache_control` on the last block as Claude Code places it.
 */
export function chatToAnthropic(messages: ChatMessage[]): { system: Block[]; messages: { role: string; content: string | Block[] }[] } {
  const system: Block[] = [];
  const out: { role: string; content: string | Block[] }[] = [];
  let i = 0;
  while (messages[i]?.role === 'system') system.push({ type: 'text', text: String(messages[i++]?.content) });
  for (; i < messages.length; i += 1) {
    const message = messages[i] as ChatMessage;
    if (message.role === 'tool') {
      const results: Block[] = [];
      while (messages[i]?.role === 'tool') {
        const tool = messages[i] as ChatMessage;
        results.push({ type: 'tool_result', tool_use_id: tool.tool_call_id, content: String(tool.content) });
        i += 1;
      }
      i -= 1;
      out.push({ role: 'user', content: results });
    } else if (message.role === 'assistant' && message.tool_calls !== undefined) {
      const text = typeof message.content === 'string' && message.content !== '' ? [{ type: 'text', text: message.content }] : [];
      const uses = message.tool_calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.function.name, input: JSON.parse(call.function.arguments) }));
      out.push({ role: 'assistant', content: [...text, ...uses] });
    } else {
      out.push({ role: message.role, content: String(message.content) });
    }
  }
  const last = out.at(-1);
  if (last !== undefined && Array.isArray(last.content)) (last.content.at(-1) as Block).cache_control = { type: 'ephemeral' };
  if (system.length > 0) (system.at(-1) as Block).cache_control = { type: 'ephemeral' };
  return { system, messages: out };
}
