import type { CustomTool, Tool, ToolChoice } from './anthropic-types.js';

export interface ChatFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type ChatToolChoice = 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };

export interface ConvertedTools {
  tools?: ChatFunctionTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: false;
  /** Names of Anthropic server tools (web search, code execution) no Chat upstream can run. */
  droppedTools: string[];
}

/** Server tools have a versioned `type` (`web_search_20250305`) and no schema. */
export function isServerTool(tool: Tool): boolean {
  return tool.type !== undefined && tool.type !== 'custom' && typeof (tool as { input_schema?: unknown }).input_schema !== 'object';
}

/**
 * Anthropic tools and tool_choice as Chat ones. `cache_control` and `defer_loading` are stripped
 * (deferred tools are still offered); server tools are dropped and named in `droppedTools`.
 *
 * @example toChatTools([{ name: 'Bash', input_schema: { type: 'object' } }], { type: 'any' })
 * // { tools: [{ type: 'function', function: { name: 'Bash', parameters: { type: 'object' } } }], tool_choice: 'required', droppedTools: [] }
 */
export function toChatTools(tools: readonly Tool[] | undefined, choice: ToolChoice | undefined): ConvertedTools {
  const droppedTools: string[] = [];
  const functions: ChatFunctionTool[] = [];
  for (const tool of tools ?? []) {
    if (isServerTool(tool)) droppedTools.push(tool.name);
    else functions.push(functionTool(tool as CustomTool));
  }
  // Chat rejects tool_choice without tools, so nothing of it survives when no tool does.
  if (functions.length === 0) return { droppedTools };
  const converted: ConvertedTools = { tools: functions, droppedTools };
  if (choice !== undefined) converted.tool_choice = chatToolChoice(choice, functions);
  if (choice?.disable_parallel_tool_use === true) converted.parallel_tool_calls = false;
  return converted;
}

function functionTool(tool: CustomTool): ChatFunctionTool {
  const { name, description } = tool;
  const parameters = tool.input_schema ?? { type: 'object', properties: {} };
  // Written out so the key order, and so the bytes the upstream caches, never depend on the input's.
  const fn = typeof description === 'string' ? { name, description, parameters } : { name, parameters };
  return { type: 'function', function: fn };
}

function chatToolChoice(choice: ToolChoice, functions: readonly ChatFunctionTool[]): ChatToolChoice {
  if (choice.type === 'any') return 'required';
  if (choice.type === 'none') return 'none';
  if (choice.type === 'tool') {
    // Forcing a tool that was dropped (a server tool) would be a 400 upstream: let the model choose instead.
    const known = functions.some((tool) => tool.function.name === choice.name);
    return known ? { type: 'function', function: { name: choice.name } } : 'auto';
  }
  return 'auto';
}
