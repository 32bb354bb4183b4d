import { asFields } from '../../protocols/chat-fields.js';

const SEAL = 'fake-encrypted:';

/** The fake's stand-in for OpenAI's encrypted reasoning: opaque to clients, checkable by the fake. */
function fakeEncryptedContent(itemId: string): string {
  return `${SEAL}${itemId}`;
}

/** A sealed reasoning item that comes back altered (or under another item's id) is refused, as OpenAI refuses it. */
export function fakeReasoningError(item: Record<string, unknown>): string | undefined {
  const content = item.encrypted_content;
  if (typeof content !== 'string' || !content.startsWith(SEAL) || content === fakeEncryptedContent(String(item.id))) return undefined;
  return `The encrypted content for item ${String(item.id)} could not be verified.`;
}

/**
 * A Responses answer (whole response object, or one stream event's data) with its reasoning items sealed:
 * what a reasoning model sends when the request asked for `include: ["reasoning.encrypted_content"]`.
 */
export function sealReasoning(value: Record<string, unknown>): Record<string, unknown> {
  const seal = (item: unknown) => {
    const fields = asFields(item);
    if (fields.type === 'reasoning' && typeof fields.id === 'string') fields.encrypted_content = fakeEncryptedContent(fields.id);
  };
  if (Array.isArray(value.output)) value.output.forEach(seal);
  seal(value.item);
  const response = asFields(value.response);
  if (Array.isArray(response.output)) response.output.forEach(seal);
  return value;
}
