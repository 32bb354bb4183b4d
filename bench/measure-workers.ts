// `llm-relay --workers 2` against `--workers 1` under load: what a second process buys on this machine.
// Standalone: `pnpm build && pnpm exec tsx bench/measure-workers.ts` prints the figures.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { SMALL_BODY } from './measure-latency.js';
import { processGroup } from './processes.js';
import { type Spread, showSpread, spread } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/bin/llm-relay.js');

export interface LoadFigures {
  /** Requests per second. */
  rps: Spread;
  /** Latency in ms, the median and the 99th percentile of each run. */
  p50: Spread;
  p99: Spread;
}

export interface WorkersThroughput {
  one: LoadFigures;
  two: LoadFigures;
  connections: number;
  seconds: number;
  passes: number;
}

export interface WorkersThroughputOptions {
  /** A running `bench/raw-upstream.mjs`; one is started (and stopped) when not given. */
  upstreamUrl?: string;
  connections?: number;
  seconds?: number;
  passes?: number;
}

/**
 * Throughput and latency of the relay with 1 and with 2 workers, both relaying to the raw upstream (which
 * answers at once), at 100 connections. After a warm-up of each, the two run alternated (1 2 1 2) so that
 * a noisy moment of the shared machine falls on both. Logs go to /dev/null, as in the other rows.
 *
 * @example
 * const { one, two } = await workersThroughput({ upstreamUrl: raw.url });
 * two.rps.mean / one.rps.mean; // 1.4 means the second process bought 40%
 */
export async function workersThroughput({ upstreamUrl, connections = 100, seconds = 5, passes = 2 }: WorkersThroughputOptions = {}): Promise<WorkersThroughput> {
  const { start, stopAll } = processGroup();
  try {
    const upstream = upstreamUrl ?? (await start([join(root, 'bench/raw-upstream.mjs')])).url;
    const relayArgs = (workers: number) => [cli, '--port', '0', '--upstream-url', upstream, '--upstream-key', 'k', '--model', 'fake-model', '--log-level', 'info', '--workers', String(workers)];
    const relays = { one: await start(relayArgs(1)), two: await start(relayArgs(2)) };
    // Warm-up: the JIT needs a few thousand requests before a process runs at its steady speed.
    for (const relay of Object.values(relays)) await load(relay.url, 10, 2);
    const runs = { one: [] as Run[], two: [] as Run[] };
    for (let pass = 0; pass < passes; pass += 1) {
      runs.one.push(await load(relays.one.url, connections, seconds));
      runs.two.push(await load(relays.two.url, connections, seconds));
    }
    const figures = (list: Run[]): LoadFigures => ({ rps: spread(list.map((r) => r.rps)), p50: spread(list.map((r) => r.p50)), p99: spread(list.map((r) => r.p99)) });
    return { one: figures(runs.one), two: figures(runs.two), connections, seconds, passes };
  } finally {
    await stopAll();
  }
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
}

// As bench/measure-throughput.ts's `throughput`, keeping the latency percentiles it drops.
async function load(url: string, connections: number, seconds: number): Promise<Run> {
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: SMALL_BODY,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** The bench table's row for these figures. */
export function workersRow(figures: WorkersThroughput): string {
  const cell = (f: LoadFigures) => `${showSpread(f.rps)} req/s, p50 ${showSpread(f.p50, 1, 'ms')}, p99 ${showSpread(f.p99, 1, 'ms')}`;
  const gain = figures.two.rps.mean / figures.one.rps.mean;
  return `| --workers 2 vs 1, ${figures.connections} connections (${figures.passes} alternated runs of ${figures.seconds} s each; raw upstream) | | | | 2 workers: ${cell(figures.two)}; 1 worker: ${cell(figures.one)} | | 2 workers ${(gain * 100).toFixed(0)}% of 1 worker's throughput |`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const begin = Date.now();
  workersThroughput().then(
    (figures) => {
      process.stdout.write(`${workersRow(figures)}\n(${Math.round((Date.now() - begin) / 1000)} s)\n`);
    },
    (error: unknown) => {
      process.stderr.write(`measure-workers failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
