// Many streams open at once, through the Web-standard floor and through the relay, both in front of one
// fake provider pacing its chunks as a model does: did every stream arrive whole, how much later than the
// floor's did the relay's chunks come, and how much memory and CPU an open stream costs each of them.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { processGroup, rssMb, type Started } from './processes.js';
import { percentile } from './stats.js';

export interface ManyStreamsOptions {
  /** `packages/cli/bin/llm-relay.js`. */
  cli: string;
  /** `bench/floor-relay.mjs`. */
  floorScript: string;
  /** Streams open at once, one row each. Default 500 and 2,000. */
  counts?: number[];
  /**
   * Content chunks per answer, and the provider's pause before each of its writes. Default 8, 600 ms apart:
   * an answer lasts longer than 2,000 streams take to open on two busy cores, so that all are open at once.
   */
  chunks?: number;
  chunkDelayMs?: number;
  /** Floor and relay alternate this many times per count. Default 1. */
  passes?: number;
  /** The relay's command line for an upstream URL, the script first. Default: the flags for that upstream. */
  relayArgs?(upstreamUrl: string): string[];
  /** Extra headers on each request (a client key). */
  headers?: Record<string, string>;
  log?(line: string): void;
}

export interface TargetRow {
  /** Streams that arrived whole (status 200, every content piece in order, `[DONE]` last), the worst pass. */
  completed: number;
  /** The most streams that had their first chunk and not yet their last at one time, the worst pass. */
  concurrent: number;
  /** Gaps between consecutive body chunks at the client once every stream had its first chunk. */
  gapP50Ms: number;
  gapP99Ms: number;
  /** The same over every gap, the burst of arrivals included. */
  allGapP99Ms: number;
  /** From the first request to the last stream's first chunk, the slowest pass. */
  openMs: number;
  /** RSS after a warm-up (before the first count), the most seen while streams were open, and after the passes (2 s after the last count). */
  idleMb: number;
  peakMb: number;
  afterMb: number;
  /** (peak − idle) / streams. */
  perStreamKb: number;
  /** The process's CPU time (user + system) per upstream write relayed, requests included. */
  cpuUsPerEvent: number;
}

export interface ManyStreamsRow {
  streams: number;
  passes: number;
  chunks: number;
  chunkDelayMs: number;
  floor: TargetRow;
  relay: TargetRow;
  /** Relay minus floor, on gaps once all streams are open. */
  addedP50Ms: number;
  addedP99Ms: number;
}

// Words numbered in base 36, so that a piece lost, doubled or out of order shows in the text.
const REPLY = Array.from({ length: 64 }, (_, i) => `w${i.toString(36)}`).join(' ');
const BODY = JSON.stringify({ model: 'fake-model', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
const WARM_UP_STREAMS = 50;

/**
 * One floor and one relay, warmed together, then for each count `passes` rounds of `count` streams at
 * once, floor and relay alternated. Memory per stream is measured from the RSS before the first count, so
 * a larger count that reuses what a smaller one grew is not flattered. With the defaults, about 50 s.
 */
export async function manyStreamTimings(options: ManyStreamsOptions): Promise<ManyStreamsRow[]> {
  const chunks = options.chunks ?? 8;
  const delay = options.chunkDelayMs ?? 600;
  const passes = options.passes ?? 1;
  const headers = { 'content-type': 'application/json', ...options.headers };
  const log = options.log ?? (() => undefined);
  const { start, stopAll } = processGroup();
  try {
    const fake = await start([options.cli, 'fake-provider', '--port', '0', '--chunks', String(chunks), '--chunk-delay-ms', String(delay), '--reply', REPLY]);
    const targets = await Promise.all([
      start([options.floorScript, fake.url]),
      start(options.relayArgs?.(fake.url) ?? [options.cli, '--port', '0', '--upstream-url', fake.url, '--upstream-key', 'k', '--model', 'fake-model', '--log-level', 'info']),
    ]);
    // Warm-up: the JIT, the pools and the first allocations, as a relay is between bursts.
    await Promise.all(targets.map((target) => openStreams(target, WARM_UP_STREAMS, headers)));
    await pause(1_000);
    const idle = targets.map((target) => rssMb(target.pid));
    // The provider's writes per answer: the role chunk, the content, the finish, `[DONE]`.
    const events = chunks + 3;
    const rows: ManyStreamsRow[] = [];
    const counts = options.counts ?? [500, 2_000];
    for (const count of counts) {
      const runs: StreamRun[][] = targets.map(() => []);
      for (let pass = 0; pass < passes; pass += 1) {
        for (const [i, target] of targets.entries()) {
          const run = await openStreams(target, count, headers);
          runs[i]?.push(run);
          log(`${count} streams, ${i === 0 ? 'floor' : 'relay'} pass ${pass + 1}: ${describe(run)}`);
        }
      }
      // The last count's "after" is read once its streams' memory had time to be freed.
      if (count === counts.at(-1)) await pause(2_000);
      const row = (i: number): TargetRow => {
        const done = runs[i] ?? [];
        const steady = done.flatMap((run) => run.steadyGaps);
        const peak = Math.max(...done.map((run) => run.peakMb));
        const idleMb = idle[i] as number;
        return {
          completed: Math.min(...done.map((run) => run.completed)),
          concurrent: Math.min(...done.map((run) => run.concurrent)),
          gapP50Ms: percentile(steady, 50),
          gapP99Ms: percentile(steady, 99),
          allGapP99Ms: percentile(
            done.flatMap((run) => run.gaps),
            99,
          ),
          openMs: Math.max(...done.map((run) => run.openMs)),
          idleMb,
          peakMb: peak,
          afterMb: rssMb((targets[i] as Started).pid),
          perStreamKb: ((peak - idleMb) * 1024) / count,
          cpuUsPerEvent: (done.reduce((sum, run) => sum + run.cpuMs, 0) * 1000) / (done.length * count * events),
        };
      };
      const [floor, relay] = [row(0), row(1)];
      rows.push({ streams: count, passes, chunks, chunkDelayMs: delay, floor, relay, addedP50Ms: relay.gapP50Ms - floor.gapP50Ms, addedP99Ms: relay.gapP99Ms - floor.gapP99Ms });
    }
    return rows;
  } finally {
    await stopAll();
  }
}

interface StreamRun {
  completed: number;
  concurrent: number;
  gaps: number[];
  /** Gaps after every stream had its first chunk: all of them open, the burst of arrivals over. */
  steadyGaps: number[];
  /** From the first request to the median stream's first chunk, and to the last one's. */
  firstP50Ms: number;
  openMs: number;
  peakMb: number;
  /** CPU time the target spent, from /proc. */
  cpuMs: number;
}

/**
 * `count` streams started at once on a client with a connection each. The client stays lean while they
 * run (a timestamp and a reference per body chunk); checking the content waits until all have ended.
 */
async function openStreams(target: Started, count: number, headers: Record<string, string>): Promise<StreamRun> {
  const agent = new Agent({ connections: null, keepAliveTimeout: 10_000 });
  let peakMb = rssMb(target.pid);
  const cpuBefore = cpuMs(target.pid);
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(target.pid))), 25);
  try {
    const begin = performance.now();
    const streams = await Promise.all(Array.from({ length: count }, () => readStream(target.url, headers, agent)));
    const cpu = cpuMs(target.pid) - cpuBefore;
    const firsts = streams.map((stream) => (stream.times[0] ?? Infinity) - begin);
    const allOpen = begin + Math.max(...firsts);
    const gaps: number[] = [];
    const steadyGaps: number[] = [];
    let completed = 0;
    for (const stream of streams) {
      if (stream.status === 200 && isWhole(stream.pieces)) completed += 1;
      for (let i = 1; i < stream.times.length; i += 1) {
        const [before, at] = [stream.times[i - 1] as number, stream.times[i] as number];
        gaps.push(at - before);
        if (before >= allOpen) steadyGaps.push(at - before);
      }
    }
    return { completed, concurrent: mostOpen(streams), gaps, steadyGaps, firstP50Ms: percentile(firsts, 50), openMs: allOpen - begin, peakMb, cpuMs: cpu };
  } finally {
    clearInterval(sampler);
    await agent.close();
  }
}

interface ReadStream {
  status: number;
  times: number[];
  pieces: Buffer[];
}

function readStream(url: string, headers: Record<string, string>, agent: Agent): Promise<ReadStream> {
  const times: number[] = [];
  const pieces: Buffer[] = [];
  return request(`${url}/v1/chat/completions`, { method: 'POST', headers, body: BODY, dispatcher: agent }).then(
    ({ statusCode, body }) =>
      new Promise<ReadStream>((resolve) => {
        body.on('data', (piece: Buffer) => {
          times.push(performance.now());
          pieces.push(piece);
        });
        body.once('end', () => resolve({ status: statusCode, times, pieces }));
        body.once('error', () => resolve({ status: -1, times, pieces }));
      }),
    () => ({ status: -1, times, pieces }),
  );
}

/** Every content piece, in order, makes the reply, and `[DONE]` is the last event. */
function isWhole(pieces: Buffer[]): boolean {
  const events = Buffer.concat(pieces)
    .toString('utf8')
    .split('\n\n')
    .filter((event) => event !== '');
  if (events.at(-1) !== 'data: [DONE]') return false;
  let text = '';
  try {
    for (const event of events.slice(0, -1)) {
      if (!event.startsWith('data: ')) return false;
      const chunk = JSON.parse(event.slice('data: '.length)) as { choices?: { delta?: { content?: string } }[] };
      text += chunk.choices?.[0]?.delta?.content ?? '';
    }
  } catch {
    return false;
  }
  return text === REPLY;
}

/** The most streams between their first chunk and their last at one moment. */
function mostOpen(streams: ReadStream[]): number {
  const edges = streams.flatMap((stream) =>
    stream.times.length === 0
      ? []
      : [
          [stream.times[0] as number, 1],
          [stream.times.at(-1) as number, -1],
        ],
  );
  edges.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let open = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (open += step as number));
  return most;
}

/** User + system CPU time of a process in ms, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  // The fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function describe(run: StreamRun): string {
  const gaps = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} p99 ${percentile(values, 99).toFixed(2)} ms`;
  return `${run.completed} whole, ${run.concurrent} open at once, first chunk p50 ${run.firstP50Ms.toFixed(0)} ms, all open after ${run.openMs.toFixed(0)} ms; gaps once open ${gaps(run.steadyGaps)}, all gaps ${gaps(run.gaps)}; peak RSS ${run.peakMb.toFixed(0)} MB, CPU ${run.cpuMs} ms`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
