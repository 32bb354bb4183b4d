import type { ChatMessage, ChatRequest, ToolCall } from '../types/chat.js';

export interface FakeReply {
  content: string | null;
  toolCalls?: ToolCall[];
  reasoning?: string;
}

interface ToolDefinition {
  type?: string;
  function?: { name?: string; parameters?: { properties?: Record<string, { type?: string }>; required?: string[] } };
}

/**
 * What the fake model answers: a call to the first offered tool when the user just spoke and tools are
 * allowed, else a short text that quotes the last message (so tests can see what arrived).
 */
export function fakeReply(request: ChatRequest, fixedReply: string | undefined, counter: number, parallel = 1): FakeReply {
  // Claude Code puts a system message after the user's; what the user said is the turn to answer.
  const last = [...request.messages].reverse().find((message) => message.role !== 'system' && message.role !== 'developer') ?? request.messages.at(-1);
  const tools = (request.tools ?? []) as ToolDefinition[];
  const toolChoice = request.tool_choice;
  if (last?.role === 'user' && tools.length > 0 && toolChoice !== 'none') {
    const chosen = chosenTool(tools, toolChoice);
    if (chosen?.function?.name !== undefined) {
      const calls = Array.from({ length: Math.max(1, parallel) }, (_, i) => (i === 0 ? chosen : (tools[i % tools.length] as ToolDefinition)));
      return {
        content: null,
        toolCalls: calls.map((tool, i) => ({
          id: `call_fake_${counter}_${i}`,
          type: 'function' as const,
          function: { name: tool.function?.name ?? 'unknown', arguments: JSON.stringify(fakeArguments(tool)) },
        })),
      };
    }
  }
  return { content: fixedReply ?? `Hello from the fake provider. Last message: ${quote(last)}` };
}

// A coding agent offered a shell runs it, so a demo shows the whole loop: the call, the run, the result.
const SHELL_TOOLS = new Set(['bash', 'shell', 'exec_command', 'run_command', 'run_shell_command', 'terminal']);

function chosenTool(tools: ToolDefinition[], toolChoice: unknown): ToolDefinition | undefined {
  const named = (toolChoice as { function?: { name?: string } } | undefined)?.function?.name;
  if (named !== undefined) return tools.find((tool) => tool.function?.name === named);
  return tools.find((tool) => SHELL_TOOLS.has(tool.function?.name?.toLowerCase() ?? '')) ?? tools[0];
}

function fakeArguments(tool: ToolDefinition): Record<string, unknown> {
  const parameters = tool.function?.parameters;
  const args: Record<string, unknown> = {};
  for (const name of parameters?.required ?? []) {
    const type = parameters?.properties?.[name]?.type;
    const command = name === 'command' || name === 'cmd';
    args[name] =
      command && type !== 'array'
        ? 'echo fake-tool-ok'
        : command
          ? ['echo', 'fake-tool-ok']
          : type === 'number' || type === 'integer'
            ? 1
            : type === 'boolean'
              ? true
              : type === 'array'
                ? []
                : type === 'object'
                  ? {}
                  : 'fake';
  }
  return args;
}

function quote(message: ChatMessage | undefined): string {
  if (message === undefined) return '(none)';
  const text = typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '');
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
