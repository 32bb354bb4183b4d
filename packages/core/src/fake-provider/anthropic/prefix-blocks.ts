import { anthropicBlockTokens } from './anthropic-block-tokens.js';
import { type AnthropicBlock, bodyMessages, bodyTools, contentBlocks, isRecord } from './anthropic-body.js';
import { canonicalJson } from './canonical-json.js';

/** One block of the cacheable prefix: tools, then system blocks, then the messages' content blocks. */
export interface PrefixBlock {
  /** The block as the model sees it, `cache_control` left out, with its place (tool, system, role). */
  canonical: string;
  tokens: number;
  /** The block carries `cache_control`: a cache breakpoint. */
  breakpoint: boolean;
}

/**
 * The prompt of a Messages request as a list of blocks in Anthropic's cache order (tools -> system ->
 * messages). A message's first block is marked as such, so moving a block across a message boundary
 * changes the prefix. String content counts as one text block, as Anthropic renders it the same.
 *
 * @example prefixBlocks({ system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] }).length // 2
 */
export function prefixBlocks(body: Record<string, unknown>, factor = 1): PrefixBlock[] {
  const blocks: PrefixBlock[] = [];
  const push = (place: unknown, block: AnthropicBlock) =>
    blocks.push({
      canonical: canonicalJson([place, withoutCacheControl(block)]),
      tokens: anthropicBlockTokens(block, factor),
      breakpoint: isRecord(block.cache_control),
    });
  for (const tool of bodyTools(body)) push('tool', tool);
  for (const block of contentBlocks(body.system)) push('system', block);
  for (const message of bodyMessages(body)) {
    contentBlocks(message.content).forEach((block, index) => push([message.role, index === 0], block));
  }
  return blocks;
}

/** The prompt tokens of a request: the sum of its blocks. */
export function promptTokens(blocks: readonly PrefixBlock[]): number {
  return blocks.reduce((sum, block) => sum + block.tokens, 0);
}

function withoutCacheControl(block: AnthropicBlock): AnthropicBlock {
  const { cache_control: _marker, ...rest } = block;
  // A tool result's string content and its one-text-block form render the same; so must they hash.
  if (rest.type === 'tool_result' && rest.content !== undefined) {
    rest.content = contentBlocks(rest.content).map((inner) => {
      const { cache_control: _innerMarker, ...plain } = inner;
      return plain;
    });
  }
  return rest;
}
