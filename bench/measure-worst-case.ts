import type { ChatMessage } from '@llm-relay/core';
import { agentSession } from '../packages/core/test/support/agent-session.js';

export interface WorstCaseRow {
  label: string;
  /** Time from sending the request to the whole answer, through a relay whose upstream answers at once. */
  relayMs: number;
  status: number;
  /** Longest /health answer measured back to back while the request was in the relay. */
  healthMaxMs: number;
  healthChecks: number;
}

function pseudoRandom(length: number, alphabet: string, seed: number): string {
  const parts: string[] = [];
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    parts.push(alphabet[state % alphabet.length] as string);
  }
  return parts.join('');
}

const toolTurn = (output: string): ChatMessage[] => [
  { role: 'system', content: 'You are a coding agent.' },
  { role: 'user', content: 'TASK: look at the output' },
  { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'bash', arguments: '{"command":"cat out"}' } }] },
  { role: 'tool', tool_call_id: 'call_1', content: output },
];

/** The adversarial inputs of issue 8, each new to the relay (unique content, so its caches are cold). */
export function worstCaseInputs(seed: number): { label: string; messages: ChatMessage[] }[] {
  const line = JSON.stringify(Array.from({ length: 5_600 }, (_, i) => ({ id: i, path: `src/module_${i}/index.ts`, hash: pseudoRandom(12, 'abcdef0123456789', seed + i), ok: i % 3 === 0 })));
  const session = agentSession({ steps: 120, seed: seed + 7, maxToolTokens: 12_000 });
  return [
    { label: '5 MB of one letter (one user message)', messages: [{ role: 'user', content: `${String.fromCharCode(97 + (seed % 26)).repeat(5_000_000)}` }] },
    { label: '2 MB of dashes (tool output)', messages: toolTurn(`${seed}${'-'.repeat(2_000_000)}`) },
    { label: '1 MB of base64 (tool output)', messages: toolTurn(pseudoRandom(1_000_000, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', seed)) },
    { label: '400 KB one-line JSON (tool output)', messages: toolTurn(line.slice(0, 400_000)) },
    {
      label: 'cold 200k-token coding session',
      messages: session.messages.slice(
        0,
        session.sendPoints.find((point) => JSON.stringify(session.messages.slice(0, point)).length > 800_000),
      ),
    },
    // Issue 17: one big tool output in the newest turn, as a test run or a log dump gives it.
    ...[5, 20, 30].map((megabytes) => ({ label: `tool output of ${megabytes} MB in the newest turn`, messages: toolTurn(logLines(megabytes * 1_000_000, seed)) })),
  ];
}

/** `length` characters of test-runner log lines, numbered so every output is new to the relay. */
function logLines(length: number, seed: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i += 1) {
    const line = `PASS src/module_${seed}_${i}.test.ts (12 tests) ${i % 997} ms\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('').slice(0, length);
}

async function post(url: string, messages: ChatMessage[]): Promise<{ ms: number; status: number }> {
  const body = JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages });
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/** Polls /health back to back until `done` resolves; returns the longest answer time and the count. */
async function healthWhile(url: string, done: Promise<unknown>): Promise<{ maxMs: number; checks: number }> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  let maxMs = 0;
  let checks = 0;
  while (!finished) {
    const started = performance.now();
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    maxMs = Math.max(maxMs, performance.now() - started);
    checks += 1;
  }
  return { maxMs, checks };
}

/** Each worst-case input alone, then all of them at once, while /health is polled. */
export async function worstCaseTimings(relayUrl: string): Promise<{ rows: WorstCaseRow[]; together: WorstCaseRow }> {
  // Warm the relay's code paths on a small request so the first row does not pay for the JIT.
  for (let i = 0; i < 20; i += 1) await post(relayUrl, [{ role: 'user', content: `warm ${i}` }]);
  const rows: WorstCaseRow[] = [];
  for (const input of worstCaseInputs(1)) {
    const request = post(relayUrl, input.messages);
    const health = await healthWhile(relayUrl, request);
    const { ms, status } = await request;
    rows.push({ label: input.label, relayMs: ms, status, healthMaxMs: health.maxMs, healthChecks: health.checks });
  }
  const all = Promise.all(worstCaseInputs(2).map((input) => post(relayUrl, input.messages)));
  const started = performance.now();
  const health = await healthWhile(relayUrl, all);
  const results = await all;
  const together: WorstCaseRow = {
    label: `all ${results.length} at once`,
    relayMs: performance.now() - started,
    status: Math.max(...results.map((result) => result.status)),
    healthMaxMs: health.maxMs,
    healthChecks: health.checks,
  };
  return { rows, together };
}
