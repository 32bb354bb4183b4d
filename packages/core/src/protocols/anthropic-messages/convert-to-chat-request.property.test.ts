import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import toolTurn from '../../../test/fixtures/claude-code-tool-result-request.json';
import type { ContentBlock, MessageParam, MessagesRequest, TextBlock } from './anthropic-types.js';
import { toChatRequest } from './convert-to-chat-request.js';

type Block = Record<string, unknown>;

const words = fc.string({ minLength: 1, maxLength: 30 });
const textBlock = words.map((text): Block => ({ type: 'text', text }));
const image = fc.constantFrom<Block>(
  { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
  { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
);
const resultContent = fc.oneof(words, fc.array(fc.oneof(textBlock, image), { minLength: 1, maxLength: 3 }));

// A conversation in its plainest form: every content an array, no cache_control anywhere.
const turn = fc.oneof(
  fc.array(fc.oneof({ weight: 4, arbitrary: textBlock }, { weight: 1, arbitrary: image }), { minLength: 1, maxLength: 3 }).map((content) => [{ role: 'user', content }]),
  fc.array(textBlock, { minLength: 1, maxLength: 2 }).map((content) => [{ role: 'system', content }]),
  fc
    .tuple(
      fc.option(textBlock, { nil: undefined }),
      fc.array(fc.tuple(fc.dictionary(words, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), resultContent, fc.boolean()), { minLength: 1, maxLength: 3 }),
    )
    .map(([text, calls]) => [
      { role: 'assistant', content: [...(text === undefined ? [] : [text]), ...calls.map(([input], i) => ({ type: 'tool_use', id: `t${i}`, name: 'Bash', input }))] },
      { role: 'user', content: calls.map(([, content, isError], i) => ({ type: 'tool_result', tool_use_id: `t${i}`, content, is_error: isError })) },
    ]),
);
const conversation = fc.array(turn, { minLength: 1, maxLength: 6 }).map((turns) => turns.flat() as MessageParam[]);

/** The same conversation as another turn of Claude Code may send it: markers moved, lone text blocks as strings. */
function restyle(request: MessagesRequest, flags: readonly boolean[]): MessagesRequest {
  let n = 0;
  const flag = () => flags[n++ % flags.length] === true;
  const mark = <T extends object>(block: T): T => (flag() ? { ...block, cache_control: { type: 'ephemeral' } } : block);
  const content = (blocks: string | ContentBlock[]): string | ContentBlock[] => {
    if (typeof blocks === 'string') return blocks;
    const only = blocks[0];
    if (blocks.length === 1 && only?.type === 'text' && flag()) return (only as TextBlock).text;
    return blocks.map((block) => mark(block.type === 'tool_result' ? { ...block, content: content((block as { content: ContentBlock[] }).content) } : block) as ContentBlock);
  };
  return {
    ...request,
    system: typeof request.system === 'string' ? request.system : request.system?.map(mark),
    tools: request.tools?.map(mark),
    messages: request.messages.map((message) => ({ ...message, content: content(message.content) })),
  };
}

const tools: MessagesRequest['tools'] = [
  { name: 'Bash', description: 'Runs a command', input_schema: { type: 'object', properties: { command: { type: 'string' } } } },
  { name: 'Later', input_schema: { type: 'object' }, defer_loading: true },
];

const bytes = (request: MessagesRequest) => JSON.stringify(toChatRequest(request, { reasoningContent: true }).chat);

describe('toChatRequest determinism', () => {
  it('gives the same bytes wherever cache_control sits and whether a lone text block is a string', () => {
    const flags = fc.array(fc.boolean(), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(conversation, flags, flags, (messages, a, b) => {
        const base = { model: 'm', max_tokens: 100, system: [{ type: 'text' as const, text: 'You help.' }], tools, messages };
        const plain = bytes(base);
        expect(bytes(restyle(base, a))).toBe(plain);
        expect(bytes(restyle(base, b))).toBe(plain);
        expect(plain).not.toContain('cache_control');
      }),
      { numRuns: 300 },
    );
  });

  it('holds for the recorded Claude Code request', () => {
    const recorded = structuredClone(toolTurn) as unknown as MessagesRequest;
    const plain = bytes(restyle(recorded, [false]));
    for (const flags of [[true], [true, false], [false, true, true]]) expect(bytes(restyle(recorded, flags))).toBe(plain);
  });
});
