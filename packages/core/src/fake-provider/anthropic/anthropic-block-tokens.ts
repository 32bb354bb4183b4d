import { estimateTokens } from '../../context/estimate-tokens.js';
import { type AnthropicBlock, contentBlocks } from './anthropic-body.js';

/** What the fake charges for one image (or document) block, whatever its size: about a 1.15 MP image. */
export const FAKE_IMAGE_TOKENS = 1_600;

/**
 * The tokens one block (or tool definition) adds to a prompt, as the fake counts them: the text a model
 * would read (text, a tool call's name and input JSON, a tool result's content), times `factor`.
 * Counted without the relay's memo cache, so the fake checks the relay's counts independently.
 *
 * @example anthropicBlockTokens({ type: 'text', text: 'Hello there' }) // 2
 */
export function anthropicBlockTokens(block: AnthropicBlock, factor = 1): number {
  const tokens = rawTokens(block);
  return factor === 1 ? tokens : Math.ceil(tokens * factor);
}

function rawTokens(block: AnthropicBlock): number {
  switch (block.type) {
    case 'text':
      return count(block.text);
    case 'image':
    case 'document':
      return FAKE_IMAGE_TOKENS;
    case 'tool_use':
    case 'server_tool_use':
      return count(block.name) + count(JSON.stringify(block.input ?? {}));
    case 'tool_result':
      if (typeof block.content === 'string') return count(block.content);
      return contentBlocks(block.content).reduce((sum, inner) => sum + rawTokens(inner), 0);
    case 'thinking':
      return count(block.thinking);
    case 'redacted_thinking':
      return count(block.data);
    default: {
      // Tool definitions and block types the fake does not know: their JSON is a fair stand-in.
      const { cache_control: _ignored, ...rest } = block;
      return count(JSON.stringify(rest));
    }
  }
}

function count(text: unknown): number {
  return typeof text === 'string' ? estimateTokens(text, { cache: false }) : 0;
}
