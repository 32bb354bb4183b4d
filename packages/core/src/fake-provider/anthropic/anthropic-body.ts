/** One content block (or tool definition) of a Messages request, as loose as the wire. */
export type AnthropicBlock = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The blocks of a message or `system` field. A string is one text block: Anthropic renders both forms to the
 * same prompt, which is what lets Claude Code move `cache_control` between them without losing its cache.
 * Anything that is not a block is left out, so counting never throws on a body validation will reject.
 */
export function contentBlocks(content: unknown): AnthropicBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) return [];
  return content.filter(isRecord);
}

/** The messages of a body, with anything that is not an object left out. */
export function bodyMessages(body: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(body.messages) ? body.messages.filter(isRecord) : [];
}

/** Tool definitions of a body (custom tools have no `type`; server tools have one and no schema). */
export function bodyTools(body: Record<string, unknown>): AnthropicBlock[] {
  return Array.isArray(body.tools) ? body.tools.filter(isRecord) : [];
}

/** The text a human would read in a block list: text blocks, and the text inside tool results. */
export function blocksText(blocks: readonly AnthropicBlock[]): string {
  const texts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    if (block.type === 'tool_result') texts.push(blocksText(contentBlocks(block.content)));
  }
  return texts.join('\n');
}
