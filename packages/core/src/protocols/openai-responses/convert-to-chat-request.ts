import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { convertInputItems } from './convert-input-items.js';
import { convertToolChoice } from './convert-tool-choice.js';
import { convertTools } from './convert-tools.js';
import type { ResponsesRequest } from './responses-types.js';
import type { ToolMap } from './tool-names.js';

export interface ToChatOptions {
  /** Send reasoning items back as `reasoning_content` (DeepSeek-style providers need it across tool turns). */
  reasoningContent?: boolean;
  /** The upstream's output limit: `max_output_tokens` is clamped to it. */
  maxOutputTokens?: number;
}

export interface ToChatResult {
  chat: ChatRequest;
  /** Pass to `fromChatResponse` / `ResponsesStreamWriter` to answer with the client's tool names. */
  toolMap: ToolMap;
  /** Hosted tool types with no Chat equivalent (`web_search`), for a log line. */
  droppedTools: string[];
  /** Request fields and input parts not forwarded (`store`, `include`, `input[4].content[1] (input_file)`). */
  droppedParams: string[];
  /** For each Chat message, the input items it came from (`[-1]` for `instructions`). */
  origins: number[][];
}

/** Fields this converter maps; everything else in the request is reported in droppedParams. */
const MAPPED: ReadonlySet<string> = new Set(['model', 'input', 'instructions', 'tools', 'tool_choice', 'parallel_tool_calls', 'max_output_tokens', 'reasoning', 'temperature', 'top_p', 'stream']);

/**
 * Converts a validated Responses request into the relay's internal Chat form. The same conversation
 * always gives the same bytes, so the upstream prefix cache keeps hitting turn after turn.
 *
 * @example
 * const { chat, toolMap, droppedTools } = toChatRequest(validateResponsesRequest(body), { maxOutputTokens: 8192 });
 */
export function toChatRequest(request: ResponsesRequest, options: ToChatOptions = {}): ToChatResult {
  const droppedParams = Object.keys(request).filter((key) => !MAPPED.has(key) && request[key] !== undefined);
  const drop = (what: string) => droppedParams.push(what);
  const { tools, toolMap, droppedTools } = convertTools(request.tools ?? []);

  const messages: ChatMessage[] = [];
  const origins: number[][] = [];
  if (typeof request.instructions === 'string' && request.instructions !== '') {
    messages.push({ role: 'system', content: request.instructions });
    origins.push([-1]);
  }
  const input = typeof request.input === 'string' ? [{ role: 'user' as const, content: request.input }] : request.input;
  // Not `push(...items)`: spread arguments overflow the stack past about 120,000 items.
  for (const message of convertInputItems(input, { toolMap, reasoningContent: options.reasoningContent === true, drop }, origins)) messages.push(message);

  // Key order is fixed here, so equal requests serialise to equal bytes.
  const chat: ChatRequest = request.model === undefined ? { messages } : { model: request.model, messages };
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = convertToolChoice(request.tool_choice, toolMap);
    if (choice.toolChoice !== undefined) chat.tool_choice = choice.toolChoice;
    if (choice.dropped !== undefined) drop(choice.dropped);
    if (typeof request.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = request.parallel_tool_calls;
  } else {
    // Providers reject tool_choice and parallel_tool_calls without tools (all of them may have been hosted ones).
    if (request.tool_choice != null) drop('tool_choice');
    if (request.parallel_tool_calls != null) drop('parallel_tool_calls');
  }
  const maxTokens = clamp(request.max_output_tokens ?? undefined, options.maxOutputTokens);
  if (maxTokens !== undefined) chat.max_tokens = maxTokens;
  const reasoning = request.reasoning ?? undefined;
  if (typeof reasoning?.effort === 'string') chat.reasoning_effort = reasoning.effort;
  for (const key of Object.keys(reasoning ?? {})) if (key !== 'effort' && reasoning?.[key] != null) drop(`reasoning.${key}`);
  if (typeof request.temperature === 'number') chat.temperature = request.temperature;
  if (typeof request.top_p === 'number') chat.top_p = request.top_p;
  if (request.stream === true) {
    chat.stream = true;
    // Responses always reports usage at the end; Chat sends it only when asked.
    chat.stream_options = { include_usage: true };
  }
  return { chat, toolMap, droppedTools, droppedParams, origins };
}

function clamp(requested: number | undefined, limit: number | undefined): number | undefined {
  if (requested === undefined) return undefined;
  return limit === undefined ? requested : Math.min(requested, limit);
}
