import { estimateTokens } from '../../context/estimate-tokens.js';
import { anthropicBlockTokens } from './anthropic-block-tokens.js';
import { type AnthropicBlock, blocksText, bodyMessages, bodyTools, contentBlocks, isRecord } from './anthropic-body.js';

/** The text that makes the fake model call a tool when the user's last turn contains it. */
export const USE_TOOL_MARKER = 'USE_TOOL';

export type AnthropicStopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'model_context_window_exceeded';

export interface FakeAnthropicReplyOptions {
  /** Text of every answer (default: quotes the last turn). */
  reply?: string;
  /** Numbers the tool call id and the signature. */
  counter: number;
  /** Tokens left in the context window after the prompt. Default: no limit. */
  windowRoom?: number;
}

export interface FakeAnthropicReply {
  content: AnthropicBlock[];
  stopReason: AnthropicStopReason;
  outputTokens: number;
}

/**
 * What the fake model answers. A thinking block with a signature first when `thinking` is on (empty text
 * with `display: "omitted"`). Then a `tool_use` of the first custom tool when `tool_choice` forces one, or
 * when the user's last turn says `USE_TOOL` in its own text (not in a tool result, so the loop ends after one
 * call); else a text that quotes the last turn, cut at `max_tokens` (stop reason `max_tokens`) or where the
 * context window is full (`model_context_window_exceeded`), whichever comes first.
 *
 * @example fakeAnthropicReply({ model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }, { counter: 1 })
 * // { content: [{ type: 'text', text: 'Hello from the fake provider. Last message: "Hi"' }], stopReason: 'end_turn', ... }
 */
export function fakeAnthropicReply(body: Record<string, unknown>, options: FakeAnthropicReplyOptions): FakeAnthropicReply {
  const { counter } = options;
  // Claude Code's mid-conversation system messages are context, not the turn being answered.
  const turn = bodyMessages(body)
    .filter((message) => message.role !== 'system')
    .at(-1);
  const content: AnthropicBlock[] = [];
  if (isRecord(body.thinking) && (body.thinking.type === 'enabled' || body.thinking.type === 'adaptive')) {
    const thinking = body.thinking.display === 'omitted' ? '' : `The user said ${quote(turn)}; a short answer will do.`;
    content.push({ type: 'thinking', thinking, signature: btoa(`fake-signature-${counter}`) });
  }
  const tool = chosenTool(body, turn);
  if (tool !== undefined) {
    content.push({ type: 'tool_use', id: `toolu_fake_${counter}`, name: tool.name, input: fakeInput(tool) });
    return { content, stopReason: 'tool_use', outputTokens: outputTokens(content) };
  }
  const text = options.reply ?? `Hello from the fake provider. Last message: ${quote(turn)}`;
  const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : Number.POSITIVE_INFINITY;
  const room = options.windowRoom ?? Number.POSITIVE_INFINITY;
  const kept = cutToTokens(text, Math.min(maxTokens, room) - sumTokens(content));
  if (kept !== '') content.push({ type: 'text', text: kept });
  const stopReason = kept === text ? 'end_turn' : maxTokens <= room ? 'max_tokens' : 'model_context_window_exceeded';
  return { content, stopReason, outputTokens: outputTokens(content) };
}

function chosenTool(body: Record<string, unknown>, turn: Record<string, unknown> | undefined): AnthropicBlock | undefined {
  const choice = isRecord(body.tool_choice) ? body.tool_choice : { type: 'auto' };
  // Server tools (web search...) have a `type` and no schema: the fake cannot play them.
  const tools = bodyTools(body).filter((tool) => typeof tool.name === 'string' && isRecord(tool.input_schema));
  if (choice.type === 'none' || tools.length === 0) return undefined;
  if (choice.type === 'tool') return tools.find((tool) => tool.name === choice.name);
  if (choice.type === 'any') return tools[0];
  if (turn?.role !== 'user') return undefined;
  const ownBlocks = contentBlocks(turn.content).filter((block) => block.type !== 'tool_result');
  return blocksText(ownBlocks).includes(USE_TOOL_MARKER) ? tools[0] : undefined;
}

function fakeInput(tool: AnthropicBlock): Record<string, unknown> {
  const schema = tool.input_schema as { properties?: unknown; required?: unknown };
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const input: Record<string, unknown> = {};
  if ('command' in properties) input.command = 'echo hi';
  // Required fields get a value of their type, so a client's schema check lets the call through.
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (typeof name !== 'string' || name in input) continue;
    const property = properties[name];
    const type = isRecord(property) ? property.type : undefined;
    input[name] = type === 'number' || type === 'integer' ? 1 : type === 'boolean' ? true : type === 'array' ? [] : type === 'object' ? {} : 'fake';
  }
  return input;
}

function cutToTokens(text: string, budget: number): string {
  if (budget <= 0) return '';
  if (estimateTokens(text, { cache: false }) <= budget) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTokens(text.slice(0, middle), { cache: false }) <= budget) low = middle;
    else high = middle - 1;
  }
  return text.slice(0, low);
}

function sumTokens(content: readonly AnthropicBlock[]): number {
  return content.reduce((sum, block) => sum + anthropicBlockTokens(block), 0);
}

// Anthropic bills at least one output token, even for an empty answer.
function outputTokens(content: readonly AnthropicBlock[]): number {
  return Math.max(1, sumTokens(content));
}

function quote(message: Record<string, unknown> | undefined): string {
  if (message === undefined) return '(none)';
  const text = blocksText(contentBlocks(message.content));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}...` : text);
}
