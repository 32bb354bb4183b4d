import { describe, expect, it } from 'vitest';
import { ChatStreamRepair } from './chat-stream-repair.js';
import { TOOL_CALL_FAMILIES } from './families/index.js';
import { offeredTools } from './offered-tools.js';
import type { RepairedCall, UnrepairedCall } from './repair-report.js';

const TOOLS = offeredTools([
  { type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' }, timeout: { type: 'integer' } }, required: ['command'] } } },
  { type: 'function', function: { name: 'read', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } } },
]);

type Chunk = Record<string, unknown>;

function chunk(delta: Record<string, unknown>, finish: string | null = null): Chunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] };
}

function run(chunks: Chunk[], flushAtEnd = false) {
  const repaired: RepairedCall[] = [];
  const unrepaired: UnrepairedCall[] = [];
  const stage = new ChatStreamRepair(TOOL_CALL_FAMILIES, TOOLS, 1_000_000, { repaired: (c) => repaired.push(c), unrepaired: (c) => unrepaired.push(c) });
  const out: Chunk[] = [];
  const untouched: boolean[] = [];
  for (const c of chunks) {
    const replaced = stage.push(c);
    untouched.push(replaced === undefined);
    out.push(...(replaced ?? [c]));
  }
  if (flushAtEnd) out.push(...stage.flush());
  return { out, untouched, repaired, unrepaired };
}

/** The answer the client sees: text, calls with their whole arguments, the finish. */
function assemble(chunks: Chunk[]) {
  let text = '';
  const calls: { id?: string; name: string; arguments: string }[] = [];
  let finish: unknown = null;
  for (const c of chunks) {
    const choice = (c.choices as { delta: Record<string, unknown>; finish_reason: unknown }[])[0];
    if (choice === undefined) continue;
    if (typeof choice.delta.content === 'string') text += choice.delta.content;
    for (const call of (choice.delta.tool_calls ?? []) as { index: number; id?: string; function?: { name?: string; arguments?: string } }[]) {
      const slot = (calls[call.index] ??= { name: '', arguments: '' });
      if (call.id !== undefined) slot.id = call.id;
      slot.name += call.function?.name ?? '';
      slot.arguments += call.function?.arguments ?? '';
    }
    if (choice.finish_reason !== null) finish = choice.finish_reason;
  }
  return { text, calls, finish };
}

function pieces(text: string, size: number): Chunk[] {
  const out: Chunk[] = [chunk({ role: 'assistant', content: '' })];
  for (let i = 0; i < text.length; i += size) out.push(chunk({ content: text.slice(i, i + size) }));
  out.push(chunk({}, 'stop'));
  return out;
}

describe('ChatStreamRepair', () => {
  it('passes plain text chunks on untouched', () => {
    const { out, untouched } = run(pieces('Just some text, with a < and a [bracket].', 5));
    expect(untouched.slice(0, -1).every(Boolean)).toBe(true);
    expect(assemble(out)).toEqual({ text: 'Just some text, with a < and a [bracket].', calls: [], finish: 'stop' });
  });

  it('turns Qwen3-Coder markup split into 3-character pieces into a tool call', () => {
    const text = 'Let me look.\n<tool_call>\n<function=bash>\n<parameter=command>\nls -la\n</parameter>\n<parameter=timeout>\n30\n</parameter>\n</function>\n</tool_call>';
    const { out, repaired } = run(pieces(text, 3));
    const answer = assemble(out);
    expect(answer.text).toBe('Let me look.\n');
    expect(answer.calls).toHaveLength(1);
    expect(answer.calls[0]?.name).toBe('bash');
    expect(JSON.parse(answer.calls[0]?.arguments ?? '')).toEqual({ command: 'ls -la', timeout: 30 });
    expect(answer.finish).toBe('tool_calls');
    expect(repaired.map((r) => r.kind)).toContain('text_markup');
    expect(repaired[0]?.family).toBe('qwen3-coder');
  });

  it('leaves markup naming a tool that was not offered as text, and reports it', () => {
    const text = '<tool_call>\n{"name": "rm_rf", "arguments": {"path": "/"}}\n</tool_call>';
    const { out, unrepaired } = run(pieces(text, 7));
    expect(assemble(out)).toEqual({ text, calls: [], finish: 'stop' });
    expect(unrepaired[0]?.tool).toBe('rm_rf');
  });

  it('keeps markup as text when the answer was cut at its output limit', () => {
    const text = '<tool_call>\n{"name": "bash", "arguments": {"command": "cat > f <<EOF\\nhal';
    const chunks = pieces(text, 10);
    (chunks.at(-1)!.choices as { finish_reason: string }[])[0]!.finish_reason = 'length';
    const { out, unrepaired } = run(chunks);
    expect(assemble(out)).toEqual({ text, calls: [], finish: 'length' });
    expect(unrepaired).toHaveLength(1);
  });

  it('mends a structured call with broken JSON and holds it until it is whole', () => {
    const chunks = [
      chunk({ role: 'assistant', content: null }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'bash', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "{'command': 'ls'," } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: " 'timeout': '5',}" } }] }),
      chunk({}, 'tool_calls'),
    ];
    const { out, repaired } = run(chunks);
    const answer = assemble(out);
    expect(answer.calls).toEqual([{ id: 'call_1', name: 'bash', arguments: JSON.stringify({ command: 'ls', timeout: 5 }) }]);
    expect(answer.finish).toBe('tool_calls');
    expect(repaired.map((r) => r.kind).sort()).toEqual(['json_syntax', 'schema_coercion']);
  });

  it('sends a valid structured call on unchanged once the next call starts', () => {
    const first = chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'read', arguments: '{"path":"x"}' } }] });
    const second = chunk({ tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'read', arguments: '{"path":"y"}' } }] });
    const { out, repaired } = run([first, second, chunk({}, 'tool_calls')]);
    expect(assemble(out).calls).toEqual([
      { id: 'a', name: 'read', arguments: '{"path":"x"}' },
      { id: 'b', name: 'read', arguments: '{"path":"y"}' },
    ]);
    expect(repaired).toEqual([]);
  });

  it('splits glued objects into two calls only when both are whole calls', () => {
    const glued = chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'read', arguments: '{"path":"x"}{"path":"y"}' } }] });
    const { out, repaired } = run([glued, chunk({}, 'tool_calls')]);
    const calls = assemble(out).calls;
    expect(calls.map((c) => c.arguments)).toEqual(['{"path":"x"}', '{"path":"y"}']);
    expect(calls[0]?.id).toBe('a');
    expect(calls[1]?.id).toMatch(/^call_/);
    expect(repaired.map((r) => r.kind)).toEqual(['split_glued']);
  });

  it('passes a call that cannot fit its schema on as it came, reported, with no invented arguments', () => {
    const call = chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'read', arguments: '{"file": 3}' } }] });
    const { out, unrepaired } = run([call, chunk({}, 'tool_calls')]);
    expect(assemble(out).calls).toEqual([{ id: 'a', name: 'read', arguments: '{"file": 3}' }]);
    expect(unrepaired).toHaveLength(1);
  });

  it('loses nothing when the upstream ends without a finish', () => {
    const text = 'partial <tool_call>\n{"name": "bash"';
    const chunks = pieces(text, 4).slice(0, -1);
    const { out } = run(chunks, true);
    expect(assemble(out).text).toBe(text);
  });

  it('keeps a think block and the text before the calls as written (MiniMax-M2)', () => {
    const text =
      '<think>\nI should list files. <invoke name="bash"> is how.\n</think>\nListing.\n<minimax:tool_call>\n<invoke name="bash">\n<parameter name="command">ls</parameter>\n</invoke>\n</minimax:tool_call>';
    const { out } = run(pieces(text, 5));
    const answer = assemble(out);
    expect(answer.text).toBe('<think>\nI should list files. <invoke name="bash"> is how.\n</think>\nListing.\n');
    expect(answer.calls.map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([['bash', { command: 'ls' }]]);
  });
});
