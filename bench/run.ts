// `pnpm bench`: what the relay costs, measured side by side with going direct and with a bare proxy.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextTimings } from './measure-context.js';
import { sequentialLatency } from './measure-latency.js';
import { sequentialTtfb, streamTimings } from './measure-streaming.js';
import { throughput } from './measure-throughput.js';
import { worstCaseTimings } from './measure-worst-case.js';
import { rssMb, startProcess, type Started } from './processes.js';
import { mean, median, ms, percentile, ratio } from './stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'packages/cli/bin/llm-relay.js');
const BENCH_KEY = 'bench-client-key-0001';
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const started: Started[] = [];
const begin = Date.now();

async function main() {
  const start = async (args: string[]) => {
    const proc = await startProcess(args);
    started.push(proc);
    return proc;
  };
  const log = (line: string) => process.stderr.write(`bench: ${line} (${Math.round((Date.now() - begin) / 1000)}s)\n`);

  // 5. The context path, in process; first, while nothing else runs.
  const context = await contextTimings();
  log('context done');

  // 6. Adversarial inputs (issue 8): a relay whose upstream answers at once, /health polled meanwhile.
  const raw = await start([join(root, 'bench/raw-upstream.mjs')]);
  const worstRelay = await start([cli, '--port', '0', '--upstream-url', raw.url, '--upstream-key', 'k', '--model', 'MiniMaxAI/MiniMax-M2.5', '--log-level', 'info']);
  const worst = await worstCaseTimings(worstRelay.url);
  await worstRelay.stop();
  await raw.stop();
  log('worst cases done');

  const fast = await start([cli, 'fake-provider', '--port', '0']);
  const slow = await start([cli, 'fake-provider', '--port', '0', '--chunks', '64', '--chunk-delay-ms', '20', '--reply', 'x'.repeat(640)]);
  const bare = await start([join(root, 'bench/bare-proxy.mjs'), fast.url]);
  const bareSlow = await start([join(root, 'bench/bare-proxy.mjs'), slow.url]);
  const relayArgs = (upstream: string) => [cli, '--port', '0', '--upstream-url', upstream, '--upstream-key', 'k', '--model', 'fake-model', '--log-level', 'info'];
  const relay = await start(relayArgs(fast.url));
  const relaySlow = await start(relayArgs(slow.url));
  const configDir = mkdtempSync(join(tmpdir(), 'llm-relay-bench-'));
  const config = join(configDir, 'llm-relay.config.json');
  writeFileSync(config, JSON.stringify({
    upstreams: [{ name: 'fake', baseURL: fast.url, apiKey: 'k' }],
    models: [{ alias: '*', upstream: 'fake', model: 'fake-model' }],
    clientKeys: [{ name: 'bench', key: BENCH_KEY, limits: { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000_000 } }],
  }));
  log('servers up');

  // 1. Added latency at concurrency 1.
  const latency = await sequentialLatency({ direct: { url: fast.url }, bare: { url: bare.url }, relay: { url: relay.url } }, 3_000, 10);
  const added = (name: 'bare' | 'relay', p: number) => percentile(latency[name] as number[], p) - percentile(latency.direct as number[], p);
  log('latency done');

  // 2. Throughput at 10 and 100 connections.
  const rps: Record<string, Record<number, number>> = { direct: {}, bare: {}, relay: {} };
  // Warm-up: the JIT needs a few thousand requests before the relay runs at its steady speed.
  for (const url of [fast.url, bare.url, relay.url]) await throughput(url, 10, 2);
  for (const connections of [10, 100]) {
    for (const [name, url] of [['direct', fast.url], ['bare', bare.url], ['relay', relay.url]] as const) {
      (rps[name] as Record<number, number>)[connections] = await throughput(url, connections, LOAD_SECONDS);
    }
  }
  log('throughput done');

  // 4. Memory of the relay: idle (started and warmed, as a relay is between bursts), under 100
  // concurrent streams, after. This also warms the stream path for 3.
  for (const url of [slow.url, bareSlow.url, relaySlow.url]) await throughput(url, 10, 2);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const idle = rssMb(relaySlow.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(relaySlow.pid))), 25);
  await streamTimings(relaySlow.url, 100, 1);
  clearInterval(sampler);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const after = rssMb(relaySlow.pid);
  log('memory done');

  // 3. Streaming: 64 chunks 20 ms apart, on processes warmed like the fast ones (here and above).
  // Time to first byte one stream at a time, interleaved; chunk gaps over whole streams, 10 at once.
  const streams: Record<string, Awaited<ReturnType<typeof streamTimings>>> = {};
  const firstBytes: Record<string, number[]> = { direct: [], bare: [], relay: [] };
  const streamTargets = [['direct', slow.url], ['bare', bareSlow.url], ['relay', relaySlow.url]] as const;
  for (const [, url] of streamTargets) await sequentialTtfb(url, 1);
  for (let round = 0; round < 8; round += 1) {
    for (const [name, url] of streamTargets) firstBytes[name]?.push(...(await sequentialTtfb(url, 1)));
  }
  for (const [name, url] of streamTargets) streams[name] = await streamTimings(url, 10, 2);
  const ttfb = (name: string) => median(firstBytes[name] ?? []);
  const gap = (name: string) => mean((streams[name] ?? []).map((t) => t.meanGapMs));
  log('streaming done');



  // 6. Middleware: client keys + rate limiting on, against off.
  // Two fresh relays with the same history, warmed alike, then alternated, so that neither side gets
  // a warmer JIT or the quieter moments of the shared machine.
  await relay.stop();
  const plain = await start(relayArgs(fast.url));
  const relayGuarded = await start([cli, '--port', '0', '--config', config, '--log-level', 'info']);
  const guardedHeaders = { authorization: `Bearer ${BENCH_KEY}` };
  await throughput(plain.url, 10, 3);
  await throughput(relayGuarded.url, 10, 3, guardedHeaders);
  const guardedRuns: number[] = [];
  const plainRuns: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    plainRuns.push(await throughput(plain.url, 10, 3));
    guardedRuns.push(await throughput(relayGuarded.url, 10, 3, guardedHeaders));
  }
  const guarded10 = mean(guardedRuns);
  const plain10 = mean(plainRuns);
  log('middleware done');

  const target = (ok: boolean) => (ok ? 'met' : '**missed**');
  const warm200 = context.rows.find((row) => row.label.includes('truncated'))?.warmMs ?? NaN;
  const lines = [
    `# llm-relay benchmark`,
    '',
    `${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Everything on loopback; load generator, fake provider, bare proxy and relay share the machine, so compare within the run.',
    'Relay: production build, logs at info level to /dev/null; fake provider in fast mode (no delay) unless said.',
    '',
    '| measure | direct | bare proxy | relay | relay vs target |',
    '|---|---|---|---|---|',
    `| latency at concurrency 1, median (${latency.direct?.length} requests each) | ${ms(median(latency.direct!), 3)} | ${ms(median(latency.bare!), 3)} | ${ms(median(latency.relay!), 3)} | added ${ms(added('relay', 50), 3)} (bare: ${ms(added('bare', 50), 3)}); target ≤ 0.5 ms: ${target(added('relay', 50) <= 0.5)} |`,
    `| latency at concurrency 1, p99 | ${ms(percentile(latency.direct!, 99), 3)} | ${ms(percentile(latency.bare!, 99), 3)} | ${ms(percentile(latency.relay!, 99), 3)} | added ${ms(added('relay', 99), 3)} (bare: ${ms(added('bare', 99), 3)}); target ≤ 2 ms: ${target(added('relay', 99) <= 2)} |`,
    ...[10, 100].map((c) => {
      const [d, b, r] = [rps.direct?.[c] ?? NaN, rps.bare?.[c] ?? NaN, rps.relay?.[c] ?? NaN];
      return `| throughput, ${c} connections (req/s, ${LOAD_SECONDS} s each) | ${d.toFixed(0)} | ${b.toFixed(0)} | ${r.toFixed(0)} | relay/direct ${ratio(r / d)}, relay/bare ${ratio(r / b)}; target ≥ 70% of bare: ${target(r / b >= 0.7)} |`;
    }),
    `| streaming, time to first byte, median of 8 one at a time (64 chunks, 20 ms apart) | ${ms(ttfb('direct'))} | ${ms(ttfb('bare'))} | ${ms(ttfb('relay'))} | added ${ms(ttfb('relay') - ttfb('direct'))} (bare: ${ms(ttfb('bare') - ttfb('direct'))}); target ≤ 1 ms: ${target(ttfb('relay') - ttfb('direct') <= 1)} |`,
    `| streaming, mean gap between chunks (20 streams, 10 at once) | ${ms(gap('direct'))} | ${ms(gap('bare'))} | ${ms(gap('relay'))} | added ${ms(gap('relay') - gap('direct'))} |`,
    `| relay RSS idle / under 100 streams / 3 s after | | | ${idle.toFixed(0)} / ${peak.toFixed(0)} / ${after.toFixed(0)} MB | peak ≤ 150 MB: ${target(peak <= 150)}; after within 20% of idle: ${target(after <= idle * 1.2)} |`,
    `| middleware: keys + rate limit on vs off, 10 connections (req/s, mean of 3 alternated runs of 3 s) | | | ${guarded10.toFixed(0)} vs ${plain10.toFixed(0)} | ${ratio(guarded10 / plain10)} of the plain relay |`,
    '',
    `Context path, in process (upstream answers from memory): a small request takes ${ms(context.smallMs, 3)}; the table gives the time beyond that.`,
    '',
    '| request | tokens | cold | warm (seen history + one new message) | next agent step (new tool outputs counted) |',
    '|---|---|---|---|---|',
    ...context.rows.map((row) => `| ${row.label} | ${row.tokens.toLocaleString('en-US')} | ${ms(row.coldMs - context.smallMs, 1)} | ${ms(row.warmMs - context.smallMs, 1)} | ${ms(row.nextStepMs - context.smallMs, 1)} |`),
    '',
    `200k-token warm request with truncation: ${ms(warm200 - context.smallMs, 1)} in the relay; target ≤ 10 ms: ${target(warm200 - context.smallMs <= 10)}.`,
    `Token counting: ${(context.countColdTokensPerSec / 1e6).toFixed(2)} M tokens/s cold (BPE), ${(context.countWarmTokensPerSec / 1e6).toFixed(1)} M tokens/s warm (memoised).`,
    '',
    'Adversarial inputs, each new to the relay (cold caches), through a relay whose upstream answers at once; `/health` is polled back to back meanwhile. Targets: under 500 ms in the relay, `/health` never over 50 ms.',
    '',
    '| input | status | time in the relay | longest /health answer meanwhile (checks) |',
    '|---|---|---|---|',
    ...[...worst.rows, worst.together].map((row) => `| ${row.label} | ${row.status} | ${ms(row.relayMs, 0)}${row.label.startsWith('all') ? '' : `: ${target(row.relayMs < 500)}`} | ${ms(row.healthMaxMs, 1)} (${row.healthChecks}): ${target(row.healthMaxMs <= 50)} |`),
    '',
    `Run time: ${Math.round((Date.now() - begin) / 1000)} s.`,
  ];
  const report = lines.join('\n');
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/latest.md'), `${report}\n`);
  process.stdout.write(`${report}\n`);
}

const deadline = setTimeout(() => {
  process.stderr.write('bench: over 5 minutes, stopping\n');
  void stopAll().then(() => process.exit(1));
}, 300_000);

async function stopAll() {
  await Promise.all(started.map((proc) => proc.stop()));
}

main()
  .then(async () => {
    clearTimeout(deadline);
    await stopAll();
  })
  .catch(async (error: unknown) => {
    clearTimeout(deadline);
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    await stopAll();
    process.exit(1);
  });
