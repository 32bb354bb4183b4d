import { describe, expect, it } from 'vitest';
import { toolPairingError } from './anthropic-tool-pairing-error.js';

const toolUse = (id: string) => ({ type: 'tool_use', id, name: 'Bash', input: { command: 'ls' } });
const toolResult = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'ok' });

describe('toolPairingError', () => {
  it('accepts parallel calls answered in any order in the next message', () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [{ type: 'text', text: 'Running' }, toolUse('toolu_a'), toolUse('toolu_b')] },
      { role: 'user', content: [toolResult('toolu_b'), toolResult('toolu_a'), { type: 'text', text: 'and then?' }] },
    ];
    expect(toolPairingError(messages)).toBeUndefined();
  });

  it("names every unanswered tool_use, in Anthropic's words", () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [toolUse('toolu_a'), toolUse('toolu_b')] },
      { role: 'user', content: [toolResult('toolu_a')] },
    ];
    expect(toolPairingError(messages)).toBe(
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_b. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    );
  });

  it('rejects a tool_use as the last message: its answer can never come', () => {
    expect(
      toolPairingError([
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [toolUse('toolu_x')] },
      ]),
    ).toMatch(/^messages\.1: `tool_use` ids .*toolu_x\./);
  });

  it('rejects a tool_result that answers nothing, naming its message and block', () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'no tools today' },
      { role: 'user', content: [{ type: 'text', text: 'here' }, toolResult('toolu_x')] },
    ];
    expect(toolPairingError(messages)).toBe(
      'messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
  });

  it('takes "next message" literally: a system message in between breaks the pair', () => {
    const messages = [
      { role: 'user', content: 'go' },
      { role: 'assistant', content: [toolUse('toolu_a')] },
      { role: 'system', content: 'reminder' },
      { role: 'user', content: [toolResult('toolu_a')] },
    ];
    expect(toolPairingError(messages)).toMatch(/^messages\.1: `tool_use` ids were found without/);
  });
});
