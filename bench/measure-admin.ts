// The admin page's bookkeeping (issue 18): what it costs a relay under load, on against off, and the memory
// its request inspector holds when full at its default size.
// Standalone: `pnpm build && pnpm exec tsx --expose-gc bench/measure-admin.ts` prints the rows.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeProvider } from '@llm-relay/core/testing';
import { DEFAULT_RING_BYTES, serveHandler, startRelay } from 'llm-relay';
import { agentSession } from '../packages/core/test/support/agent-session.js';
import { sequentialLatency } from './measure-latency.js';
import { throughput } from './measure-throughput.js';
import { processGroup } from './processes.js';
import { percentile, ratio, type Spread, showSpread, spread } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/bin/llm-relay.js');
const ADMIN_KEY = 'bench-admin-key-000000000000';

export interface AdminLoad {
  /** Requests per second at `connections`, per variant. */
  rps: { off: Spread; on: Spread; live: Spread };
  /**
   * The median over passes of each pass's on/off (and live/off) ratio: runs next to each other in time share
   * the machine's mood, so their ratio is steadier on a shared machine than the ratio of the means.
   */
  pairedRatio: { on: number; live: number };
  /** Median latency at concurrency 1, ms, per variant. */
  p50: { off: Spread; on: Spread; live: Spread };
  connections: number;
  seconds: number;
  passes: number;
}

export interface AdminLoadOptions {
  /** A running `bench/raw-upstream.mjs`; one is started (and stopped) when not given. */
  upstreamUrl?: string;
  connections?: number;
  seconds?: number;
  passes?: number;
  latencyPerPass?: number;
}

/**
 * Three relays to the raw upstream, side by side: admin page off, on (bookkeeping of every request), and
 * on with a live page following `/admin/events` (every request also serialized and sent to it). After a
 * warm-up of each, throughput at `connections` and latency at concurrency 1 run alternated (off on live
 * off on live), so a noisy moment of the shared machine falls on all three.
 *
 * @example
 * const load = await adminLoad({ upstreamUrl: raw.url });
 * load.rps.on.mean / load.rps.off.mean; // 0.97: the bookkeeping costs 3% of the throughput
 */
export async function adminLoad({ upstreamUrl, connections = 10, seconds = 2, passes = 6, latencyPerPass = 1_000 }: AdminLoadOptions = {}): Promise<AdminLoad> {
  const { start, stopAll } = processGroup();
  const live = new AbortController();
  try {
    const upstream = upstreamUrl ?? (await start([join(root, 'bench/raw-upstream.mjs')])).url;
    const args = [cli, '--port', '0', '--upstream-url', upstream, '--upstream-key', 'k', '--model', 'fake-model', '--log-level', 'info'];
    const relays = { off: await start(args), on: await start([...args, '--admin-key', ADMIN_KEY]), live: await start([...args, '--admin-key', ADMIN_KEY]) };
    const events = await fetch(`${relays.live.url}/admin/events`, { headers: { authorization: `Bearer ${ADMIN_KEY}` }, signal: live.signal });
    if (events.status !== 200 || events.body === null) throw new Error(`/admin/events answered ${events.status}`);
    // The live page: reads every event as it comes, as a browser tab would.
    const drained = events.body.pipeTo(new WritableStream(), { signal: live.signal }).catch(() => undefined);
    const names = ['off', 'on', 'live'] as const;
    for (const name of names) await throughput(relays[name].url, 10, 2);
    const runs = { off: [] as number[], on: [] as number[], live: [] as number[] };
    for (let pass = 0; pass < passes; pass += 1) {
      for (const name of names) runs[name].push(await throughput(relays[name].url, connections, seconds));
    }
    const latency = await sequentialLatency({ off: { url: relays.off.url }, on: { url: relays.on.url }, live: { url: relays.live.url } }, latencyPerPass, passes);
    const p50 = (name: (typeof names)[number]) => spread((latency[name] ?? []).map((times) => percentile(times, 50)));
    const ring = (await (await fetch(`${relays.on.url}/admin/requests?limit=1`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { total: number };
    if (ring.total === 0) throw new Error('the relay with the admin page on recorded no request: the row would measure nothing');
    live.abort();
    await drained;
    const paired = (name: 'on' | 'live') =>
      percentile(
        runs[name].map((value, pass) => value / (runs.off[pass] as number)),
        50,
      );
    return {
      rps: { off: spread(runs.off), on: spread(runs.on), live: spread(runs.live) },
      pairedRatio: { on: paired('on'), live: paired('live') },
      p50: { off: p50('off'), on: p50('on'), live: p50('live') },
      connections,
      seconds,
      passes,
    };
  } finally {
    live.abort();
    await stopAll();
  }
}

export interface RingMemory {
  /** The ring's bound, bytes. */
  maxBytes: number;
  /** What the ring estimated it holds, bytes. */
  estimatedBytes: number;
  /** Heap and array buffers freed when the full ring is cleared (after a full collection each side), bytes. */
  measuredBytes: number;
  entries: number;
  requests: number;
}

/**
 * Fills the inspector's ring at its default size with realistic requests (agent sessions of 40 steps
 * replayed through an in-process relay to the fake provider, each request the whole history so far, as
 * agents send them), until it has evicted; then measures what it holds: the heap freed when it is cleared.
 * Needs `--expose-gc`.
 */
export async function ringMemory(): Promise<RingMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('ringMemory needs node --expose-gc (pnpm bench runs tsx --expose-gc)');
  const fake = createFakeProvider({ keepRequests: 1 });
  const fakeServer = await serveHandler(fake.handler, { port: 0 });
  const relay = await startRelay({ port: 0, upstreamUrl: fakeServer.url, upstreamKey: 'k', model: 'fake-model', logLevel: 'silent', admin: { key: ADMIN_KEY } });
  const store = relay.admin;
  if (store === undefined) throw new Error('the admin page did not turn on');
  try {
    let requests = 0;
    for (let seed = 1; store.ring.size === requests; seed += 1) {
      const { messages, sendPoints } = agentSession({ steps: 40, seed, minToolTokens: 300, maxToolTokens: 12_000 });
      for (const point of sendPoints) {
        const response = await fetch(`${relay.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-session-id': `bench-${seed}` },
          body: JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages: messages.slice(0, point) }),
        });
        await response.arrayBuffer();
        requests += 1;
      }
    }
    const used = () => {
      gc();
      gc();
      const memory = process.memoryUsage();
      return memory.heapUsed + memory.arrayBuffers;
    };
    const full = used();
    const { bytes: estimatedBytes, size: entries, maxBytes } = store.ring;
    store.ring.clear();
    const cleared = used();
    return { maxBytes, estimatedBytes, measuredBytes: full - cleared, entries, requests };
  } finally {
    await relay.stop(0);
    await fakeServer.close(0);
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The bench table's rows for these figures. */
export function adminRows(load: AdminLoad, memory: RingMemory): string[] {
  const share = load.pairedRatio.on;
  const liveShare = load.pairedRatio.live;
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  return [
    `| admin page bookkeeping: off / on / on with a live page following /admin/events (${load.passes} alternated runs of ${load.seconds} s, ${load.connections} connections; raw upstream) | | | | ${showSpread(load.rps.off)} / ${showSpread(load.rps.on)} / ${showSpread(load.rps.live)} req/s; latency at concurrency 1, median ${showSpread(load.p50.off, 3, 'ms')} / ${showSpread(load.p50.on, 3, 'ms')} / ${showSpread(load.p50.live, 3, 'ms')} | | on ${ratio(share)} of off (with a live page ${ratio(liveShare)}; medians of the passes' ratios), added latency ${(load.p50.on.mean - load.p50.off.mean).toFixed(3)} ms; target ≥ 95%: ${met(share >= 0.95)} |`,
    `| admin request inspector's ring at its default size (${mib(DEFAULT_RING_BYTES)}), full of agent-session requests (${memory.requests} replayed, ${memory.entries} kept) | | | | heap it holds: ${mib(memory.measuredBytes)} measured (freed when cleared), ${mib(memory.estimatedBytes)} by its own estimate | | measured ${ratio(memory.measuredBytes / memory.maxBytes)} of the bound |`,
  ];
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const begin = Date.now();
  Promise.all([ringMemory()])
    .then(async ([memory]) => adminRows(await adminLoad(), memory))
    .then(
      (rows) => process.stdout.write(`${rows.join('\n')}\n(${Math.round((Date.now() - begin) / 1000)} s)\n`),
      (error: unknown) => {
        process.stderr.write(`measure-admin failed: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exitCode = 1;
      },
    );
}
