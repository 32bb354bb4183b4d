import { RelayError } from '../../errors/relay-error.js';
import type { MessagesRequest } from './anthropic-types.js';

const ROLES: ReadonlySet<string> = new Set(['user', 'assistant', 'system']);
const TOOL_CHOICES: ReadonlySet<string> = new Set(['auto', 'any', 'tool', 'none']);

type Fields = Record<string, unknown>;

/**
 * Checks the shape the relay relies on for `POST /v1/messages` (and `count_tokens`, which has no `max_tokens`);
 * the provider checks the rest. Throws a 400 RelayError whose `param` names the field, like `messages[2].content`.
 *
 * @example validateMessagesRequest({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] })
 */
export function validateMessagesRequest(body: unknown): MessagesRequest {
  if (!isObject(body)) throw invalid('The request body must be a JSON object with `model` and `messages`.', null);
  if (typeof body.model !== 'string' || body.model === '') throw invalid('`model` must be a non-empty string.', 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalid('`messages` must be a non-empty array of messages.', 'messages');
  }
  body.messages.forEach((message: unknown, index: number) => checkMessage(message, `messages[${index}]`));
  checkSystem(body.system);
  if (body.max_tokens !== undefined && !(Number.isInteger(body.max_tokens) && (body.max_tokens as number) > 0)) {
    throw invalid('`max_tokens` must be a positive integer.', 'max_tokens');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('`stream` must be a boolean.', 'stream');
  if (body.stop_sequences !== undefined && !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((s) => typeof s === 'string'))) {
    throw invalid('`stop_sequences` must be an array of strings.', 'stop_sequences');
  }
  checkTools(body.tools);
  checkToolChoice(body.tool_choice);
  return body as MessagesRequest;
}

function checkMessage(message: unknown, param: string): void {
  if (!isObject(message)) throw invalid(`${param} must be an object with \`role\` and \`content\`.`, param);
  if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
    throw invalid(`${param}.role must be "user", "assistant" or "system"; got ${JSON.stringify(message.role) ?? 'nothing'}.`, `${param}.role`);
  }
  if (typeof message.content === 'string') return;
  if (!Array.isArray(message.content)) throw invalid(`${param}.content must be a string or an array of content blocks.`, `${param}.content`);
  message.content.forEach((block: unknown, index: number) => checkBlock(block, `${param}.content[${index}]`));
}

// Only the fields the conversion reads are checked; unknown block types pass, the conversion drops them.
function checkBlock(block: unknown, param: string): void {
  if (!isObject(block) || typeof block.type !== 'string') throw invalid(`${param} must be an object with a string \`type\`.`, param);
  if (block.type === 'text' && typeof block.text !== 'string') throw invalid(`${param}.text must be a string.`, `${param}.text`);
  if (block.type === 'image') checkImageSource(block.source, `${param}.source`);
  if (block.type === 'tool_use') {
    if (typeof block.id !== 'string' || typeof block.name !== 'string') {
      throw invalid(`${param} (tool_use) needs a string \`id\` and \`name\`.`, param);
    }
  }
  if (block.type === 'tool_result') {
    if (typeof block.tool_use_id !== 'string') throw invalid(`${param}.tool_use_id must be a string.`, `${param}.tool_use_id`);
    const content = block.content;
    if (content === undefined || typeof content === 'string') return;
    if (!Array.isArray(content)) throw invalid(`${param}.content must be a string or an array of text and image blocks.`, `${param}.content`);
    content.forEach((inner: unknown, index: number) => checkBlock(inner, `${param}.content[${index}]`));
  }
}

function checkImageSource(source: unknown, param: string): void {
  const ok = isObject(source) && ((source.type === 'base64' && typeof source.data === 'string' && typeof source.media_type === 'string') || (source.type === 'url' && typeof source.url === 'string'));
  if (!ok) throw invalid(`${param} must be {type:"base64", media_type, data} or {type:"url", url}.`, param);
}

function checkSystem(system: unknown): void {
  if (system === undefined || typeof system === 'string') return;
  if (!Array.isArray(system)) throw invalid('`system` must be a string or an array of text blocks.', 'system');
  system.forEach((block: unknown, index: number) => {
    if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string') {
      throw invalid(`system[${index}] must be a text block {type:"text", text}.`, `system[${index}]`);
    }
  });
}

function checkTools(tools: unknown): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools)) throw invalid('`tools` must be an array.', 'tools');
  tools.forEach((tool: unknown, index: number) => {
    if (!isObject(tool) || typeof tool.name !== 'string') throw invalid(`tools[${index}] must be an object with a string \`name\`.`, `tools[${index}]`);
    if (tool.input_schema !== undefined && !isObject(tool.input_schema)) {
      throw invalid(`tools[${index}].input_schema must be a JSON Schema object.`, `tools[${index}].input_schema`);
    }
  });
}

function checkToolChoice(choice: unknown): void {
  if (choice === undefined) return;
  if (!isObject(choice) || typeof choice.type !== 'string' || !TOOL_CHOICES.has(choice.type)) {
    throw invalid('`tool_choice.type` must be "auto", "any", "tool" or "none".', 'tool_choice');
  }
  if (choice.type === 'tool' && typeof choice.name !== 'string') throw invalid('`tool_choice.name` must name a tool.', 'tool_choice.name');
}

function isObject(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(message: string, param: string | null): RelayError {
  return new RelayError({ status: 400, message, param, code: 'invalid_request' });
}
