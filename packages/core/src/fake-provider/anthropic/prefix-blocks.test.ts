import { describe, expect, it } from 'vitest';
import { prefixBlocks, promptTokens } from './prefix-blocks.js';

const ephemeral = { type: 'ephemeral' };

describe('prefixBlocks', () => {
  it('orders tools, then system, then message blocks, marking the breakpoints', () => {
    const blocks = prefixBlocks({
      tools: [{ name: 'Bash', input_schema: { type: 'object' }, cache_control: ephemeral }],
      system: 'Be brief',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Hi' },
            { type: 'text', text: 'there', cache_control: ephemeral },
          ],
        },
      ],
    });
    expect(blocks.map((block) => block.breakpoint)).toEqual([true, false, false, true]);
    expect(blocks[0]?.canonical).toContain('"tool"');
    expect(blocks[1]?.canonical).toContain('"system"');
  });

  it('sees a string and its one-block form with cache_control as the same prompt', () => {
    const asString = prefixBlocks({ messages: [{ role: 'user', content: 'Hi' }] });
    const asBlock = prefixBlocks({ messages: [{ role: 'user', content: [{ text: 'Hi', type: 'text', cache_control: ephemeral }] }] });
    expect(asBlock[0]?.canonical).toBe(asString[0]?.canonical);
    const result = (content: unknown) => prefixBlocks({ messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content }] }] })[0]?.canonical;
    expect(result('ok')).toBe(result([{ type: 'text', text: 'ok', cache_control: ephemeral }]));
  });

  it('tells the roles and message boundaries apart', () => {
    const oneMessage = prefixBlocks({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    });
    const twoMessages = prefixBlocks({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(oneMessage[1]?.canonical).not.toBe(twoMessages[1]?.canonical);
    expect(prefixBlocks({ messages: [{ role: 'assistant', content: 'a' }] })[0]?.canonical).not.toBe(twoMessages[0]?.canonical);
  });

  it('charges images a fixed 1,600 tokens and scales by the token factor', () => {
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo' } };
    expect(promptTokens(prefixBlocks({ messages: [{ role: 'user', content: [image] }] }))).toBe(1_600);
    expect(promptTokens(prefixBlocks({ messages: [{ role: 'user', content: [image] }] }, 1.5))).toBe(2_400);
  });
});
