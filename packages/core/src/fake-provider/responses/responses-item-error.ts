import { asFields } from '../../protocols/chat-fields.js';
import { fakeReasoningError } from './fake-encrypted-reasoning.js';

/**
 * What OpenAI's Responses API refuses in a stateless request's `input`, in its words: a function call
 * with no output after it, an output with no call before it, and an item referenced by id alone
 * (reasoning without its `encrypted_content`), which `store: false` never kept, and encrypted reasoning that
 * is not what it issued for that item.
 */
export function responsesItemError(input: unknown): { message: string; param: string } | undefined {
  if (!Array.isArray(input)) return undefined;
  const calls = new Set<string>();
  const answered = new Set<string>();
  for (const [index, value] of input.entries()) {
    const item = asFields(value);
    if (item.type === 'function_call' || item.type === 'custom_tool_call') calls.add(String(item.call_id));
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const id = String(item.call_id);
      if (!calls.has(id)) return { message: `No tool call found for function call output with call_id ${id}.`, param: `input[${index}]` };
      answered.add(id);
    }
    if (item.type === 'reasoning' && typeof item.id === 'string' && typeof item.encrypted_content !== 'string') {
      return {
        message: `Item with id '${item.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
        param: `input[${index}]`,
      };
    }
    const unverified = item.type === 'reasoning' ? fakeReasoningError(item) : undefined;
    if (unverified !== undefined) return { message: unverified, param: `input[${index}]` };
    if (item.type === 'item_reference') return { message: `Item with id '${String(item.id)}' not found.`, param: `input[${index}]` };
  }
  for (const id of calls) if (!answered.has(id)) return { message: `No tool output found for function call ${id}.`, param: 'input' };
  return undefined;
}
