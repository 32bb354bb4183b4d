/** Fields of an untrusted JSON value: the object itself, or an empty one for anything else. */
export type Fields = Record<string, unknown>;

export function asFields(value: unknown): Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {};
}

/**
 * The reasoning text of a Chat message or delta: DeepSeek's `reasoning_content`, else the `reasoning` that
 * OpenRouter and vLLM use. Only one is read, since some servers send both with the same text.
 */
export function reasoningText(fields: Fields): string {
  if (typeof fields.reasoning_content === 'string' && fields.reasoning_content !== '') return fields.reasoning_content;
  return typeof fields.reasoning === 'string' ? fields.reasoning : '';
}
