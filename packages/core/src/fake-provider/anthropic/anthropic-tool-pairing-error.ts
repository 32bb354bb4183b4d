import { contentBlocks } from './anthropic-body.js';

/**
 * Anthropic's tool rules, in its words: every `tool_use` of an assistant message is answered by a
 * `tool_result` in the very next message, and every `tool_result` answers a `tool_use` of the message right
 * before it. "Next" is literal: a `role: "system"` message in between breaks the pair, as it would upstream.
 * Returns undefined when every call has its answer.
 *
 * @example toolPairingError([{ role: 'user', content: 'go' }, { role: 'assistant', content: [toolUse('toolu_1')] }])
 * // 'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1. ...'
 */
export function toolPairingError(messages: readonly Record<string, unknown>[]): string | undefined {
  for (let i = 0; i < messages.length; i += 1) {
    const message = messages[i] as Record<string, unknown>;
    const blocks = contentBlocks(message.content);
    const previous = messages[i - 1];
    const callable = previous?.role === 'assistant' ? idsOf(contentBlocks(previous.content), 'tool_use') : new Set<string>();
    for (let j = 0; j < blocks.length; j += 1) {
      const block = blocks[j] as Record<string, unknown>;
      if (block.type !== 'tool_result') continue;
      const id = String(block.tool_use_id);
      if (!callable.has(id)) {
        return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    if (message.role !== 'assistant') continue;
    const next = messages[i + 1];
    const answered = next?.role === 'user' ? idsOf(contentBlocks(next.content), 'tool_result') : new Set<string>();
    const missing = [...idsOf(blocks, 'tool_use')].filter((id) => !answered.has(id));
    if (missing.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function idsOf(blocks: readonly Record<string, unknown>[], type: 'tool_use' | 'tool_result'): Set<string> {
  const key = type === 'tool_use' ? 'id' : 'tool_use_id';
  return new Set(blocks.filter((block) => block.type === type).map((block) => String(block[key])));
}
