// The relay's work as one request grows in one dimension at a time (messages, parts, tool calls, tools,
// schema size, argument length, stream events, headers, ...), whole request through answer, in process with
// an upstream answering from memory in each upstream API. Each tenfold step of a dimension should cost at
// most about tenfold time. Imports the core's source, so it measures the working tree without a build.
import { createHash } from 'node:crypto';
import { clearTokenCaches, clientKeyAuth, createRelayHandler, rateLimit, type UpstreamApi } from '../packages/core/src/index.js';
import { ALL_ROUTES, type Case, DIMENSIONS } from './dimension-list.js';
import { DOOR_PATHS, type Door } from './dimension-requests.js';
import { type DimensionRow, markdownRow, markdownTable } from './dimension-table.js';
import { scriptedFetch, type UpstreamScript, wholeAnswer } from './dimension-upstream.js';

export type { DimensionRow } from './dimension-table.js';

const KEY = 'bench-dimension-key';
// Larger than any request here: a long text may be counted high (an estimate past the exact-count limit),
// and nothing should be cut but where a dimension asks for it.
const BIG_WINDOW = 8_000_000;
const RUNS = 3;

/** A relay as the CLI runs it (client keys, rate limits, model globs) in front of one upstream of `api`. */
function relayFor(api: UpstreamApi, window: number, script: UpstreamScript) {
  const hash = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
  return createRelayHandler({
    upstream: { baseURL: 'http://upstream.invalid', apiKey: 'upstream-key', api },
    models: { defaultModel: 'bench-model', aliases: { '*claude*sonnet*': 'bench-model', 'gpt-4*': 'bench-model' } },
    context: { models: { 'bench-model': { contextWindow: window, maxOutputTokens: 8_192 } } },
    fetch: scriptedFetch(script),
    plugins: [clientKeyAuth([{ name: 'bench', key: KEY }], { hash }), rateLimit({ limitsFor: () => ({ requestsPerMinute: 1e12, tokensPerMinute: 1e15 }) })],
  });
}

const decoder = new TextDecoder();
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1_000;
};

/** One request, its whole answer read, with a cold token cache and a collected heap: wall and CPU ms. */
async function timeOnce(handler: (request: Request) => Promise<Response>, door: Door, testCase: Case): Promise<{ wall: number; cpu: number }> {
  clearTokenCaches();
  globalThis.gc?.();
  const headers = new Headers(testCase.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${KEY}`);
  headers.set('content-type', 'application/json');
  const path = testCase.path ?? DOOR_PATHS[door];
  const cpu = cpuMs();
  const started = performance.now();
  const response = await handler(new Request(`http://relay${path}`, { method: 'POST', headers, body: testCase.body }));
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read !== undefined && !read.done; read = await reader?.read()) chunks.push(read.value);
  const wall = performance.now() - started;
  const used = cpuMs() - cpu;
  // A stream that failed half-way still answered 200: its last event says so.
  const tail = decoder.decode(chunks.at(-1)?.slice(-4_096));
  if (response.status !== (testCase.status ?? 200) || /event: error|"type":"error"|response\.failed|^data: \{"error"/m.test(tail)) {
    const text = chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('');
    throw new Error(`${path.slice(0, 80)} answered ${response.status}: ${text.slice(0, 300)} … ${tail.slice(-300)}`);
  }
  return { wall, cpu: used };
}

export interface DimensionTimings {
  rows: DimensionRow[];
  /** The rows as a markdown table. */
  markdown: string;
  seconds: number;
}

export interface DimensionOptions {
  /** Only the dimensions whose name passes. */
  only?: (dimension: string) => boolean;
  /** Every door and upstream a dimension can take, not only the ones that set the table (minutes). */
  allRoutes?: boolean;
  /** Only this route (`messages-anthropic`) and this size, for a profile. */
  route?: string;
  size?: number;
  /** Each row as it is measured. */
  onRow?: (markdown: string) => void;
}

/**
 * One request per dimension, door and upstream at 4 sizes: the fastest of 3 runs after a warm-up at the
 * smallest size, the token cache cold and the heap collected before each run.
 *
 * @example const { markdown } = await dimensionTimings({ only: (name) => name === 'messages' });
 */
export async function dimensionTimings(options: DimensionOptions = {}): Promise<DimensionTimings> {
  const begin = performance.now();
  const script: UpstreamScript = { answer: wholeAnswer('chat'), headers: [] };
  const handlers = new Map<string, (request: Request) => Promise<Response>>();
  const handlerFor = (api: UpstreamApi, window: number) => {
    const key = `${api}:${window}`;
    let handler = handlers.get(key);
    if (handler === undefined) handlers.set(key, (handler = relayFor(api, window, script)));
    return handler;
  };
  const rows: DimensionRow[] = [];
  for (const dimension of DIMENSIONS) {
    if (options.only !== undefined && !options.only(dimension.name)) continue;
    const routes = options.allRoutes === true ? dimension.routes : (dimension.main ?? dimension.routes);
    for (const route of routes) {
      if (options.route !== undefined && `${route[0]}-${route[1]}` !== options.route) continue;
      const handler = handlerFor(route[1], dimension.window ?? BIG_WINDOW);
      const run = (testCase: Case) => {
        script.answer = testCase.answer;
        script.headers = testCase.upstreamHeaders ?? [];
        return timeOnce(handler, route[0], testCase);
      };
      await run(dimension.make(dimension.sizes[0] as number, route));
      const wallMs: number[] = [];
      const cpu: number[] = [];
      for (const size of dimension.sizes) {
        if (options.size !== undefined && size !== options.size) {
          wallMs.push(Number.NaN);
          cpu.push(Number.NaN);
          continue;
        }
        const testCase = dimension.make(size, route);
        const times = [];
        for (let i = 0; i < RUNS; i += 1) times.push(await run(testCase));
        wallMs.push(Math.min(...times.map((time) => time.wall)));
        cpu.push(Math.min(...times.map((time) => time.cpu)));
      }
      const labels = dimension.sizes.map((size) => sizeLabel(size, dimension.unit));
      const row: DimensionRow = { dimension: dimension.name, route: `${route[0]} → ${route[1]}`, sizes: dimension.sizes, labels, wallMs, cpuMs: cpu };
      rows.push(row);
      options.onRow?.(markdownRow(row));
    }
  }
  return { rows, markdown: markdownTable(rows), seconds: (performance.now() - begin) / 1000 };
}

function sizeLabel(size: number, unit?: 'bytes'): string {
  if (unit === 'bytes') return size >= 1_000_000 ? `${size / 1_000_000} MB` : `${size / 1_000} KB`;
  return size >= 1_000 ? `${size / 1_000}k` : String(size);
}

// `pnpm exec tsx --expose-gc bench/measure-dimensions.ts [name filter] [--all] [--route chat-anthropic] [--size 50000]`
// runs it alone and prints each row as it is measured.
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args.splice(at, 2)[1];
  };
  const route = flag('--route');
  const size = flag('--size');
  if (route !== undefined && !ALL_ROUTES.some(([door, api]) => `${door}-${api}` === route)) throw new Error(`--route takes one of ${ALL_ROUTES.map((r) => r.join('-')).join(', ')}`);
  const filter = args.find((arg) => !arg.startsWith('--'));
  const result = await dimensionTimings({
    only: filter === undefined ? undefined : (name) => name.includes(filter),
    allRoutes: args.includes('--all'),
    route,
    size: size === undefined ? undefined : Number(size),
    onRow: (row) => process.stdout.write(`${row}\n`),
  });
  process.stdout.write(`\n${result.markdown}\n\n${result.seconds.toFixed(1)} s\n`);
}
