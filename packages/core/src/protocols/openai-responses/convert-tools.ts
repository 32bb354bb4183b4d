import type { CustomTool, FunctionTool, ResponsesTool } from './responses-types.js';
import { ToolMap } from './tool-names.js';

export interface ChatFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: unknown; strict?: true };
}

export interface ConvertedTools {
  tools: ChatFunctionTool[];
  toolMap: ToolMap;
  /** Types of hosted tools with no Chat equivalent (`web_search`, ...), in request order, for a log line. */
  droppedTools: string[];
}

/**
 * Turns Responses tools into chat function tools: namespace groups are flattened (`multi_agent_v1__spawn_agent`),
 * custom (freeform) tools become a function taking one string `input`, hosted tools are dropped.
 *
 * @example convertTools(request.tools ?? []).tools.map((tool) => tool.function.name)
 */
export function convertTools(tools: readonly ResponsesTool[]): ConvertedTools {
  const toolMap = new ToolMap();
  const converted: ChatFunctionTool[] = [];
  const droppedTools: string[] = [];
  const add = (tool: FunctionTool | CustomTool, namespace?: string) => {
    const kind = tool.type === 'custom' ? 'custom' : 'function';
    const name = toolMap.add(namespace === undefined ? { name: tool.name, kind } : { name: tool.name, namespace, kind });
    converted.push(tool.type === 'custom' ? customFunction(name, tool) : plainFunction(name, tool as FunctionTool));
  };
  for (const tool of tools) {
    if (tool.type === 'function' || tool.type === 'custom') add(tool as FunctionTool | CustomTool);
    else if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      for (const inner of tool.tools as (FunctionTool | CustomTool)[]) add(inner, tool.name as string);
    } else droppedTools.push(tool.type);
  }
  return { tools: converted, toolMap, droppedTools };
}

function plainFunction(name: string, tool: FunctionTool): ChatFunctionTool {
  return {
    type: 'function',
    function: {
      name,
      ...describe(tool.description),
      // Some providers reject a function without a schema; an empty object schema means "no arguments".
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      // `strict: false` is the default; leaving it out keeps providers without strict mode happy.
      ...(tool.strict === true ? { strict: true as const } : {}),
    },
  };
}

/** A freeform tool as a function with one string argument; the answer is unwrapped back to the raw string. */
function customFunction(name: string, tool: CustomTool): ChatFunctionTool {
  const parameters = {
    type: 'object',
    properties: { input: { type: 'string', description: inputHint(tool) } },
    required: ['input'],
    additionalProperties: false,
  };
  return { type: 'function', function: { name, ...describe(tool.description), parameters } };
}

function describe(description: unknown): { description?: string } {
  return typeof description === 'string' && description !== '' ? { description } : {};
}

function inputHint(tool: CustomTool): string {
  const format = tool.format;
  if (format?.type === 'grammar' && typeof format.definition === 'string') {
    return `The raw input for ${tool.name} as one string, following this ${format.syntax} grammar:\n${format.definition}`;
  }
  return `The raw input for ${tool.name} as one string of free-form text (not JSON).`;
}
