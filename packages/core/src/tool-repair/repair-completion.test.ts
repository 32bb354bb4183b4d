import { describe, expect, it } from 'vitest';
import { TOOL_CALL_FAMILIES } from './families/index.js';
import { offeredTools } from './offered-tools.js';
import { repairCompletion } from './repair-completion.js';
import type { RepairedCall, UnrepairedCall } from './repair-report.js';

const TOOLS = offeredTools([
  { type: 'function', function: { name: 'write', parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path'] } } },
]);

function completion(content: string, finish = 'stop') {
  return { id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }] };
}

function repair(content: string, maxHeldChars?: number) {
  const repaired: RepairedCall[] = [];
  const unrepaired: UnrepairedCall[] = [];
  const input = completion(content);
  const output = repairCompletion(input, TOOL_CALL_FAMILIES, TOOLS, { repaired: (c) => repaired.push(c), unrepaired: (c) => unrepaired.push(c) }, maxHeldChars);
  return { input, output: output as ReturnType<typeof completion> & { choices: { message: { tool_calls?: unknown[] } }[] }, repaired, unrepaired };
}

const call = (content: string) => `Writing it.\n<tool_call>\n{"name": "write", "arguments": {"path": "a.txt", "content": "${content}"}}\n</tool_call>`;

describe('repairCompletion', () => {
  it('turns markup into a call and the stop into tool_calls', () => {
    const { output, repaired } = repair(call('hi'));
    expect(output.choices[0]?.message.content).toBe('Writing it.\n');
    expect(output.choices[0]?.message.tool_calls).toEqual([{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'write', arguments: '{"path": "a.txt", "content": "hi"}' } }]);
    expect(output.choices[0]?.finish_reason).toBe('tool_calls');
    expect(repaired).toEqual([{ kind: 'text_markup', family: 'hermes', tool: 'write' }]);
  });

  it('holds a whole answer to the same bound as a stream: markup over it stays text, and says so', () => {
    const text = call('x'.repeat(5_000));
    const { input, output, repaired, unrepaired } = repair(text, 1_000);
    expect(output).toBe(input);
    expect(repaired).toEqual([]);
    expect(unrepaired).toEqual([{ family: 'hermes', tool: '', reason: 'the markup outgrew maxHeldChars and was passed on as text' }]);
    // Under the bound, the same answer is repaired.
    expect(repair(text, 10_000).output.choices[0]?.message.tool_calls).toHaveLength(1);
  });

  it('returns the same object when there is nothing to repair', () => {
    const { input, output, unrepaired } = repair('Plain text, a < b and [x].');
    expect(output).toBe(input);
    expect(unrepaired).toEqual([]);
  });
});
