import type { ResponsesToolChoice } from './responses-types.js';
import type { ToolMap } from './tool-names.js';

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface ConvertedToolChoice {
  toolChoice?: ChatToolChoice;
  /** The part of `tool_choice` that could not be kept, for the droppedParams list. */
  dropped?: string;
}

/**
 * Maps a Responses `tool_choice` onto Chat's: a named function or custom tool becomes its flattened chat name;
 * a choice Chat cannot express (a hosted tool, an allowed-tools list) falls back to its mode or `auto`.
 *
 * @example convertToolChoice({ type: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' }, toolMap)
 */
export function convertToolChoice(choice: ResponsesToolChoice | null | undefined, toolMap: ToolMap): ConvertedToolChoice {
  if (choice === undefined || choice === null) return {};
  if (typeof choice === 'string') return { toolChoice: choice };
  if ((choice.type === 'function' || choice.type === 'custom') && typeof choice.name === 'string') {
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined;
    const name = toolMap.chatName(choice.name, namespace);
    // Forcing a tool the upstream was never offered is a 400 there; letting the model choose is the useful fallback.
    if (!toolMap.has(name)) return { toolChoice: 'auto', dropped: 'tool_choice' };
    return { toolChoice: { type: 'function', function: { name } } };
  }
  if (choice.type === 'allowed_tools' && (choice.mode === 'auto' || choice.mode === 'required')) {
    return { toolChoice: choice.mode, dropped: 'tool_choice.tools' };
  }
  return { toolChoice: 'auto', dropped: 'tool_choice' };
}
