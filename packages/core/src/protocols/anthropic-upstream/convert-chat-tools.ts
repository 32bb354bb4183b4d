import type { CustomTool, ToolChoice } from '../anthropic-messages/anthropic-types.js';
import { asFields } from '../chat-fields.js';

export interface AnthropicTools {
  tools?: CustomTool[];
  tool_choice?: ToolChoice;
}

/**
 * Chat function tools and `tool_choice` as Anthropic ones: `{ name, description, input_schema }` (a schema
 * without `type` gets `type: 'object'`; none at all is `{ type: 'object', properties: {} }`). Choices:
 * auto -> auto, required -> any, none -> none, a named function -> `{ type: 'tool', name }` (auto when no
 * such tool is offered: forcing an unknown tool is a 400). `parallel_tool_calls: false` becomes
 * `disable_parallel_tool_use: true` (on auto when no choice was given). Tools that are not functions and
 * repeated names (a 400 upstream) are left out; with no tool left, so is the choice.
 *
 * @example toAnthropicTools([{ type: 'function', function: { name: 'bash' } }], 'required', false)
 * // { tools: [{ name: 'bash', input_schema: { type: 'object', properties: {} } }], tool_choice: { type: 'any', disable_parallel_tool_use: true } }
 */
export function toAnthropicTools(tools: unknown, toolChoice: unknown, parallelToolCalls: unknown): AnthropicTools {
  const converted: CustomTool[] = [];
  const names = new Set<string>();
  for (const tool of Array.isArray(tools) ? tools : []) {
    const { type, function: fn } = asFields(tool);
    const { name, description, parameters } = asFields(fn);
    if ((type !== undefined && type !== 'function') || typeof name !== 'string' || name === '' || names.has(name)) continue;
    names.add(name);
    const input_schema = inputSchema(parameters);
    // Written out so the bytes (and the upstream's cached prefix) never depend on the client's key order.
    converted.push(typeof description === 'string' && description !== '' ? { name, description, input_schema } : { name, input_schema });
  }
  if (converted.length === 0) return {};
  const choice = anthropicChoice(toolChoice, names);
  if (parallelToolCalls !== false || choice?.type === 'none') return choice === undefined ? { tools: converted } : { tools: converted, tool_choice: choice };
  return { tools: converted, tool_choice: { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true } };
}

function inputSchema(parameters: unknown): Record<string, unknown> {
  const schema = asFields(parameters);
  if (Object.keys(schema).length === 0) return { type: 'object', properties: {} };
  return schema.type === undefined ? { type: 'object', ...schema } : schema;
}

function anthropicChoice(choice: unknown, names: ReadonlySet<string>): ToolChoice | undefined {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  const fields = asFields(choice);
  // Chat nests the name in `function`; the Responses API and some clients put it at the top.
  const name = asFields(fields.function).name ?? fields.name;
  if (fields.type !== 'function' || typeof name !== 'string') return undefined;
  return names.has(name) ? { type: 'tool', name } : { type: 'auto' };
}
