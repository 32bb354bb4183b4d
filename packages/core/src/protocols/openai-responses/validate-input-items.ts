import { RelayError } from '../../errors/relay-error.js';
import { type Fields, isRecord as isObject } from './fields.js';
import type { InputItem } from './responses-types.js';

const MESSAGE_ROLES: ReadonlySet<string> = new Set(['developer', 'system', 'user', 'assistant']);

/** Checks the `input` array item by item; errors name the field, e.g. `input[3].call_id`. */
export function validateInputItems(items: unknown[]): InputItem[] {
  items.forEach((item, index) => validateItem(item, `input[${index}]`));
  return items as InputItem[];
}

function validateItem(item: unknown, param: string): void {
  if (!isObject(item)) throw invalidInput(`${param} must be an object.`, param);
  // EasyInputMessage may leave out `type`; a bare `{id}` is an item reference.
  const type = item.type ?? (item.role === undefined ? (item.id === undefined ? undefined : 'item_reference') : 'message');
  if (typeof type !== 'string') throw invalidInput(`${param}.type must be a string.`, `${param}.type`);
  switch (type) {
    case 'message':
      if (typeof item.role !== 'string' || !MESSAGE_ROLES.has(item.role)) {
        throw invalidInput(`${param}.role must be one of developer, system, user, assistant; got ${JSON.stringify(item.role) ?? 'nothing'}.`, `${param}.role`);
      }
      validateContent(item.content, `${param}.content`, false);
      return;
    case 'function_call':
      requireString(item, 'call_id', param);
      requireString(item, 'name', param);
      if (typeof item.arguments !== 'string') throw invalidInput(`${param}.arguments must be a JSON string.`, `${param}.arguments`);
      if (item.namespace !== undefined && item.namespace !== null && typeof item.namespace !== 'string') {
        throw invalidInput(`${param}.namespace must be a string.`, `${param}.namespace`);
      }
      return;
    case 'custom_tool_call':
      requireString(item, 'call_id', param);
      requireString(item, 'name', param);
      if (typeof item.input !== 'string') throw invalidInput(`${param}.input must be a string.`, `${param}.input`);
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      requireString(item, 'call_id', param);
      validateContent(item.output, `${param}.output`, true);
      return;
    case 'reasoning':
      validateTexts(item.summary, `${param}.summary`);
      validateTexts(item.content, `${param}.content`);
      return;
    case 'item_reference':
      throw invalidInput(`${param} is an item reference, but llm-relay is stateless and keeps no items: send the item itself (Codex does with store: false).`, param);
    default:
      // Hosted-tool calls and newer item kinds: the converter drops them and reports it.
      return;
  }
}

function validateContent(content: unknown, param: string, isToolOutput: boolean): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) {
    const what = isToolOutput ? 'a string or an array of input_text/input_image parts' : 'a string or an array of content parts';
    throw invalidInput(`${param} must be ${what}.`, param);
  }
  content.forEach((part: unknown, index) => {
    const at = `${param}[${index}]`;
    if (!isObject(part) || typeof part.type !== 'string') throw invalidInput(`${at} must be an object with a \`type\`.`, at);
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text !== 'string') {
      throw invalidInput(`${at}.text must be a string.`, `${at}.text`);
    }
    if (part.type === 'refusal' && typeof part.refusal !== 'string') throw invalidInput(`${at}.refusal must be a string.`, `${at}.refusal`);
    if (part.type === 'input_image' && typeof part.image_url !== 'string' && typeof part.file_id !== 'string') {
      throw invalidInput(`${at} needs an \`image_url\` (a URL or a data: URL).`, `${at}.image_url`);
    }
  });
}

function validateTexts(list: unknown, param: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw invalidInput(`${param} must be an array.`, param);
  list.forEach((part: unknown, index) => {
    if (!isObject(part) || typeof part.text !== 'string') throw invalidInput(`${param}[${index}].text must be a string.`, `${param}[${index}].text`);
  });
}

function requireString(item: Fields, field: string, param: string): void {
  const value = item[field];
  if (typeof value !== 'string' || value === '') throw invalidInput(`${param}.${field} must be a non-empty string.`, `${param}.${field}`);
}

export function invalidInput(message: string, param: string | null): RelayError {
  return new RelayError({ status: 400, message, param, code: 'invalid_request' });
}
