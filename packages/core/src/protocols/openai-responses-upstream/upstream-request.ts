import type { ChatMessage, ChatRequest, ContentPart } from '../../types/chat.js';
import { asFields, type Fields } from '../chat-fields.js';
import { type EncryptedReasoning, encryptedReasoningOf, PRECEDES_MESSAGE } from '../encrypted-reasoning.js';
import type { FunctionTool, InputItem, InputPart, ResponsesRequest, ResponsesToolChoice } from '../openai-responses/responses-types.js';

export interface ToResponsesOptions {
  /** The upstream's model name. */
  model: string;
  /** Who the request goes to (see `reasoningOrigin`): only reasoning encrypted there goes back. Default: none goes back. */
  origin?: string;
}

export interface ConvertedResponsesRequest {
  body: ResponsesRequest;
  /** Chat parameters the Responses API has no place for, for the log line. */
  dropped: string[];
}

// Chat fields with a Responses equivalent handled below, or meaningless upstream (usage is always streamed).
const HANDLED = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stream',
  'stream_options',
  'reasoning_effort',
  'response_format',
  'user',
  'metadata',
  'prompt_cache_key',
  'store',
  'service_tier',
  'safety_identifier',
]);

/**
 * A request in the relay's Chat form (already fitted by the context engine) as an OpenAI Responses request,
 * stateless: `store: false`, nothing referenced by id, so any provider that speaks Responses takes it.
 * Messages become input items in order: system and developer messages keep their role; a user message's
 * parts become `input_text`/`input_image`; an assistant message becomes its text (`output_text`) followed
 * by one `function_call` item per tool call, each reasoning item it carries encrypted (`reasoning_details`, see
 * encrypted-reasoning.ts) right before the item it led to, for the current tool loop and this upstream and key
 * only; a tool message becomes a `function_call_output`. Reasoning that is only text (`reasoning_content`) is
 * not sent: Responses takes reasoning back only in its encrypted form.
 * `stop`, `n`, penalties, `logprobs` and `seed` have no Responses field and are dropped (listed in `dropped`).
 *
 * @example toResponsesRequest({ messages: [{ role: 'user', content: 'Hi' }], max_tokens: 100 }, { model: 'gpt-5-codex' })
 * // { body: { model: 'gpt-5-codex', input: [{ type: 'message', role: 'user', content: 'Hi' }], max_output_tokens: 100, store: false, ... }, dropped: [] }
 */
export function toResponsesRequest(chat: ChatRequest, options: ToResponsesOptions): ConvertedResponsesRequest {
  // Reasoning goes back for the current tool loop only (the turns since the user last spoke), the only part
  // of it the model reads again; and only what this upstream and key encrypted, the only part it can read.
  // A user message right after tool results is the same turn (Claude Code puts reminders beside its results).
  const loop = lastIndexOf(chat.messages, (message, index) => message.role === 'user' && chat.messages[index - 1]?.role !== 'tool') + 1;
  const reasoning = (message: ChatMessage, index: number) =>
    index >= loop && options.origin !== undefined && message.role === 'assistant' ? encryptedReasoningOf(message).filter((sealed) => sealed.origin === options.origin) : NO_REASONING;
  const body: ResponsesRequest = { model: options.model, input: chat.messages.flatMap((message, index) => toInputItems(message, reasoning(message, index))), store: false };
  const tools = Array.isArray(chat.tools) ? chat.tools.flatMap(toFunctionTool) : [];
  if (tools.length > 0) body.tools = tools;
  const choice = toToolChoice(chat.tool_choice);
  if (choice !== undefined) body.tool_choice = choice;
  if (typeof chat.parallel_tool_calls === 'boolean') body.parallel_tool_calls = chat.parallel_tool_calls;
  const limit = chat.max_completion_tokens ?? chat.max_tokens;
  if (typeof limit === 'number') body.max_output_tokens = limit;
  if (typeof chat.temperature === 'number') body.temperature = chat.temperature;
  if (typeof chat.top_p === 'number') body.top_p = chat.top_p;
  if (typeof chat.reasoning_effort === 'string') body.reasoning = { effort: chat.reasoning_effort };
  const format = toTextFormat(chat.response_format);
  if (format !== undefined) body.text = { format };
  for (const key of ['user', 'metadata', 'prompt_cache_key', 'service_tier', 'safety_identifier'] as const)
    if (chat[key] !== undefined && chat[key] !== null) (body as Record<string, unknown>)[key] = chat[key];
  if (chat.stream === true) body.stream = true;
  // Reasoning models hand their reasoning back encrypted, so a later turn could carry it statelessly.
  body.include = ['reasoning.encrypted_content'];
  const dropped = Object.keys(chat).filter((key) => !HANDLED.has(key) && chat[key] !== undefined && chat[key] !== null);
  return { body, dropped };
}

const NO_REASONING: readonly EncryptedReasoning[] = [];

function toInputItems(message: ChatMessage, reasoning: readonly EncryptedReasoning[]): InputItem[] {
  switch (message.role) {
    case 'system':
    case 'developer':
      return [{ type: 'message', role: message.role, content: textOf(message.content) }];
    case 'user':
      return [{ type: 'message', role: 'user', content: typeof message.content === 'string' ? message.content : inputParts(message.content) }];
    case 'assistant':
      return assistantItems(message, reasoning);
    case 'tool':
      return [{ type: 'function_call_output', call_id: String(message.tool_call_id ?? ''), output: toolOutput(message.content) }];
    default:
      // A legacy `function` message has no call id to answer: it reaches the model as what it is, text.
      return [{ type: 'message', role: 'user', content: textOf(message.content) }];
  }
}

function assistantItems(message: ChatMessage, reasoning: readonly EncryptedReasoning[]): InputItem[] {
  const items: InputItem[] = [];
  const text = textOf(message.content);
  const calls = message.tool_calls ?? [];
  // Each reasoning item right before the item it led to, as the model wrote them (the provider refuses one
  // without its following item); one whose item is not here goes first.
  const before = (key: string) => {
    for (const sealed of reasoning) if (sealed.precedes === key) items.push(reasoningItem(sealed));
  };
  if (reasoning.length > 0) {
    const placed = (key: string) => (key === PRECEDES_MESSAGE ? text !== '' : calls.some((call) => call.id === key));
    for (const sealed of reasoning) if (!placed(sealed.precedes)) items.push(reasoningItem(sealed));
  }
  if (text !== '') {
    before(PRECEDES_MESSAGE);
    items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
  }
  for (const call of calls) {
    before(call.id);
    items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  return items;
}

function reasoningItem(sealed: EncryptedReasoning): InputItem {
  return { type: 'reasoning', id: sealed.id, encrypted_content: sealed.encryptedContent, summary: [] };
}

function lastIndexOf<T>(values: readonly T[], test: (value: T, index: number) => boolean): number {
  for (let i = values.length - 1; i >= 0; i -= 1) if (test(values[i] as T, i)) return i;
  return -1;
}

function inputParts(content: ChatMessage['content']): InputPart[] {
  if (!Array.isArray(content)) return [{ type: 'input_text', text: textOf(content) }];
  return content.flatMap((part): InputPart[] => {
    if (part.type === 'text') return [{ type: 'input_text', text: String((part as { text?: unknown }).text ?? '') }];
    if (part.type === 'image_url') {
      const image = asFields((part as { image_url?: unknown }).image_url);
      const detail = image.detail === 'low' || image.detail === 'high' || image.detail === 'auto' ? image.detail : 'auto';
      return [{ type: 'input_image', image_url: String(image.url ?? ''), detail }];
    }
    return [];
  });
}

/** A tool's answer: plain text when it is only text (most are), else its parts, images kept. */
function toolOutput(content: ChatMessage['content']): string | InputPart[] {
  if (!Array.isArray(content) || content.every((part: ContentPart) => part.type === 'text')) return textOf(content);
  return inputParts(content);
}

function textOf(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' ? String((part as { text?: unknown }).text ?? '') : '')).join('');
}

/** A Chat tool (`{type: 'function', function: {...}}`) as a Responses one (the function's fields one level up). */
function toFunctionTool(tool: unknown): FunctionTool[] {
  const fields = asFields(tool);
  const fn = asFields(fields.function);
  if (fields.type !== 'function' || typeof fn.name !== 'string') return [];
  const converted: FunctionTool = { type: 'function', name: fn.name, parameters: fn.parameters ?? { type: 'object', properties: {} } };
  if (typeof fn.description === 'string') converted.description = fn.description;
  // Responses defaults `strict` to true, which rejects most agents' schemas: off unless the client asked.
  converted.strict = fn.strict === true;
  return [converted];
}

function toToolChoice(choice: unknown): ResponsesToolChoice | undefined {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  const fields: Fields = asFields(choice);
  const name = asFields(fields.function).name;
  return fields.type === 'function' && typeof name === 'string' ? { type: 'function', name } : undefined;
}

function toTextFormat(format: unknown): unknown {
  const fields = asFields(format);
  if (fields.type === 'json_object') return { type: 'json_object' };
  if (fields.type !== 'json_schema') return undefined;
  const schema = asFields(fields.json_schema);
  return { type: 'json_schema', name: schema.name ?? 'response', schema: schema.schema ?? {}, strict: schema.strict === true };
}
