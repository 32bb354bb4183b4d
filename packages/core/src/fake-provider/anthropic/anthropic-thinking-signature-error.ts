import { contentBlocks } from './anthropic-body.js';

/**
 * Anthropic's refusal of a thinking block it did not sign, in its words. The fake knows no real signatures,
 * so it refuses what is certainly not one: an empty signature (what a relay writes on thinking that came
 * from a model without signatures, and Claude Code sends back verbatim).
 *
 * @example thinkingSignatureError([{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] }])
 * // 'messages.0.content.0: Invalid `signature` in `thinking` block'
 */
export function thinkingSignatureError(messages: readonly Record<string, unknown>[]): string | undefined {
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i] as Record<string, unknown>;
    if (message.role !== 'assistant') continue;
    const blocks = contentBlocks(message.content);
    for (let j = 0; j < blocks.length; j += 1) {
      const block = blocks[j] as Record<string, unknown>;
      if (block.type === 'thinking' && (typeof block.signature !== 'string' || block.signature === '')) return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  return undefined;
}
