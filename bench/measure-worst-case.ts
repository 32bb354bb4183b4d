import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  /** The relay's own longest event-loop delay meanwhile, from its metrics (to prom-client's 10 ms resolution). */
  loopLagMs: number;
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

/**
 * Bodies near the default 32 MiB limit in shapes the inputs above do not take: many small values, one long
 * argument no one may cut, several long texts each under what the arrival cut leaves, one very wide object.
 * Measured one by one, not in the "all at once" row.
 */
export function bodyLimitInputs(seed: number): { label: string; body: Uint8Array<ArrayBuffer> }[] {
  const request = (messages: unknown[], extra: Record<string, unknown> = {}) => new TextEncoder().encode(JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages, ...extra }));
  const call = (id: string, name: string, args: string) => ({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name, arguments: args } }] });
  const wide = `{"model":"gpt-4","max_tokens":8192,"messages":[{"role":"user","content":"hi ${seed}"}],"metadata":{${Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":${i}`).join(',')}}}`;
  return [
    { label: '700,000 short messages (24 MB; refused)', body: request(Array.from({ length: 700_000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `m${seed} ${i}` }))) },
    {
      label: 'one tool-call argument of 20 MB',
      body: request([
        { role: 'user', content: `write it ${seed}` },
        call('call_1', 'write', JSON.stringify({ content: logLines(20_000_000, seed) })),
        { role: 'tool', tool_call_id: 'call_1', content: 'written' },
      ]),
    },
    {
      label: 'five tool outputs of 6 MB (none cut on arrival)',
      body: request([
        { role: 'user', content: `read them ${seed}` },
        ...Array.from({ length: 5 }, (_, i) => [call(`call_${i}`, 'read', '{}'), { role: 'tool', tool_call_id: `call_${i}`, content: logLines(6_000_000, seed + i) }]).flat(),
      ]),
    },
    { label: 'an object of a million members (refused)', body: new TextEncoder().encode(wide) },
    {
      // V8 hashes a string over 16,383 characters by its length alone: a Map keyed by these is a list.
      label: '1,500 tool outputs of 17,000 characters that differ only at their end',
      body: request([
        { role: 'user', content: `read them all ${seed}` },
        ...Array.from({ length: 1_500 }, (_, i) => [
          call(`call_${i}`, 'read', '{}'),
          { role: 'tool', tool_call_id: `call_${i}`, content: `${logLines(16_990, seed)}${String(i).padStart(10, '0')}` },
        ]).flat(),
      ]),
    },
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

/** The request's bytes, made before any clock starts: encoding 30 MB is the sender's work, not the relay's. */
function encode(messages: ChatMessage[]): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages }));
}

async function post(url: string, body: Uint8Array<ArrayBuffer>): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  return { ms: performance.now() - started, status: response.status };
}

/**
 * Polls /health back to back from a process of its own until `run`'s promise settles; returns the longest
 * answer and the count. Polled from this process, the figure would hold this process's own work: sending a
 * 30 MB body keeps it busy for 100 ms and more, during which its health check is not even read.
 */
async function healthWhile(url: string, run: () => Promise<unknown>): Promise<{ maxMs: number; checks: number }> {
  const poller = spawn(process.execPath, [fileURLToPath(new URL('./health-poller.mjs', import.meta.url)), url], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  poller.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    poller.stderr.once('data', () => resolve());
    poller.once('exit', (code) => reject(new Error(`the health poller exited with ${code}`)));
  });
  try {
    await run();
  } finally {
    poller.stdin.write('stop\n');
    await new Promise((resolve) => poller.once('exit', resolve));
  }
  return JSON.parse(out) as { maxMs: number; checks: number };
}

/** The relay's own longest event-loop delay since the last read of its metrics (prom-client's, reset on every read). */
async function loopLagMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^llm_relay_process_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1_000;
}

/** Each worst-case input alone, then all of them at once, while /health is polled. */
export async function worstCaseTimings(relayUrl: string): Promise<{ rows: WorstCaseRow[]; together: WorstCaseRow; limits: WorstCaseRow[]; freshStringMs: number }> {
  // Warm the relay's code paths on a small request so the first row does not pay for the JIT.
  for (let i = 0; i < 20; i += 1) await post(relayUrl, encode([{ role: 'user', content: `warm ${i}` }]));
  const rows: WorstCaseRow[] = [];
  for (const input of worstCaseInputs(1)) {
    const body = encode(input.messages);
    let result = { ms: 0, status: 0 };
    await loopLagMs(relayUrl);
    const health = await healthWhile(relayUrl, async () => {
      result = await post(relayUrl, body);
    });
    rows.push({ label: input.label, relayMs: result.ms, status: result.status, healthMaxMs: health.maxMs, healthChecks: health.checks, loopLagMs: await loopLagMs(relayUrl) });
  }
  const bodies = worstCaseInputs(2).map((input) => encode(input.messages));
  let results: { ms: number; status: number }[] = [];
  const started = performance.now();
  await loopLagMs(relayUrl);
  const health = await healthWhile(relayUrl, async () => {
    results = await Promise.all(bodies.map((body) => post(relayUrl, body)));
  });
  const together: WorstCaseRow = {
    label: `all ${results.length} at once`,
    relayMs: performance.now() - started,
    status: Math.max(...results.map((result) => result.status)),
    healthMaxMs: health.maxMs,
    healthChecks: health.checks,
    loopLagMs: await loopLagMs(relayUrl),
  };
  const limits: WorstCaseRow[] = [];
  for (const input of bodyLimitInputs(3)) {
    let result = { ms: 0, status: 0 };
    await loopLagMs(relayUrl);
    const health = await healthWhile(relayUrl, async () => {
      result = await post(relayUrl, input.body);
    });
    limits.push({ label: input.label, relayMs: result.ms, status: result.status, healthMaxMs: health.maxMs, healthChecks: health.checks, loopLagMs: await loopLagMs(relayUrl) });
  }
  return { rows, together, limits, freshStringMs: freshStringMs(20_000_000) };
}

/**
 * The floor under any uncut value of `length` characters: making one string that long, whose memory is new
 * to the process. Here most of it is the first touch of each page (a 20 MB buffer allocated and filled takes
 * about 50 ms, filled again under 1 ms), and no relay can split a string's allocation across steps.
 */
function freshStringMs(length: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run += 1) {
    const half = 'x'.repeat(length / 2 + run);
    const started = performance.now();
    // A cons string of two halves, flattened by the first read of a character: one allocation and one copy.
    const whole = `${half}y${half}`;
    if (whole.charCodeAt(0) !== 120) throw new Error('unreachable');
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
