import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bin, collectOutput, LISTENING, waitForStderr } from './command-output.js';

const cleanEnv = { ...process.env, LLM_PROVIDER_URL: '', LLM_PROVIDER_KEY: '', RELAY_PORT: '', RELAY_WORKERS: '' };
const HELLO = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });

interface LogLine {
  msg: string;
  worker?: number;
  pid?: number;
  url?: string;
  code?: number | null;
  signal?: string | null;
  [field: string]: unknown;
}

interface Relay {
  child: ChildProcess;
  url: string;
  stderr(): string;
  lines(): LogLine[];
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Waits for `check` to hold, polling; fails with `what` (and the output so far) when it never does. */
async function until(check: () => boolean, what: string, relay?: Relay, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline)
      throw new Error(
        `never saw ${what}.\nstderr:\n${relay?.stderr()}\nstdout:\n${relay
          ?.lines()
          .map((l) => JSON.stringify(l))
          .join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Runs the built command with `args` and waits for its banner (printed once every worker listens). */
async function start(args: string[], { detached = false } = {}): Promise<Relay> {
  // Detached: a process group of its own, which a test may signal whole as a terminal does.
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv, cwd: '/', detached });
  children.push(child);
  const output = collectOutput(child);
  const relay: Relay = {
    child,
    url: '',
    stderr: output.stderr,
    // Whole lines only: the last piece may still be on its way.
    lines: () =>
      output
        .stdout()
        .split('\n')
        .slice(0, -1)
        .map((line) => JSON.parse(line) as LogLine),
    exited: output.exited,
  };
  // A command that exits at once (a refused flag) has no banner: the test reads why from the relay.
  const banner = await waitForStderr(output, LISTENING, 20_000).catch((error: unknown) => {
    if (child.exitCode === null && child.signalCode === null) throw error;
  });
  relay.url = banner?.[1] ?? '';
  return relay;
}

/** A request on a connection of its own, so the cluster may hand each one to another worker. */
function onFreshConnection(url: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: body === undefined ? 'GET' : 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const askOnFreshConnection = async (url: string) => (await onFreshConnection(url, '/v1/chat/completions', HELLO)).status;

const requestLines = (relay: Relay) => relay.lines().filter((line) => line.msg === 'request');
const listeningLines = (relay: Relay) => relay.lines().filter((line) => line.msg === 'listening');

// Each test starts several processes one after another (the give-up test six): on a busy shared machine that
// takes long. The timeout guards against a hang, not the speed.
describe('llm-relay --workers', { timeout: 60_000 }, () => {
  it('serves one port from every worker, prints the banner once, and sums /metrics over the workers', async () => {
    const relay = await start(['--demo', '--port', '0', '--workers', '2']);
    expect(relay.stderr().match(/listening on/g)).toHaveLength(1);
    expect(relay.stderr()).toContain('  workers: 2 (Node cluster, sharing the port)\n');
    expect(relay.stderr()).toContain(`  metrics: ${relay.url}/metrics (summed over the workers)\n`);
    // No limits configured: nothing to say about where they are counted.
    expect(relay.stderr()).not.toContain('rate limits');

    await until(() => listeningLines(relay).length === 2, 'two workers listening', relay);
    const workers = listeningLines(relay);
    expect(new Set(workers.map((line) => line.worker)).size).toBe(2);
    expect(new Set(workers.map((line) => line.pid)).size).toBe(2);
    expect(workers.map((line) => line.pid)).not.toContain(relay.child.pid);
    // Port 0 too: every worker reports the port of the banner.
    expect(workers.map((line) => line.url)).toEqual([relay.url, relay.url]);

    const statuses = [];
    for (let i = 0; i < 12; i += 1) statuses.push(await askOnFreshConnection(relay.url));
    expect(statuses).toEqual(Array(12).fill(200));
    await until(() => requestLines(relay).length === 12, '12 request lines', relay);
    const answeredBy = requestLines(relay).map((line) => line.worker);
    expect(new Set(answeredBy)).toEqual(new Set(workers.map((line) => line.worker)));

    // Whichever worker answers the scrape (two connections: one each), it counts every worker's requests.
    for (let scrape = 0; scrape < 2; scrape += 1) {
      const { text } = await onFreshConnection(relay.url, '/metrics');
      expect(text).toMatch(/^llm_relay_requests_total\{route="chat",status="200",model="fake-model",key=""\} 12$/m);
    }
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
  });

  it.each([
    ['SIGTERM to the primary', 'SIGTERM', false],
    // Ctrl-C at a terminal: every process of the group gets SIGINT, the workers too.
    ['SIGINT to the whole process group', 'SIGINT', true],
  ] as const)('lets a stream in flight finish on %s, then every worker and the primary exit 0', async (_name, signal, group) => {
    const relay = await start(['--demo', '--demo-latency-ms', '50', '--port', '0', '--workers', '2'], { detached: group });
    const response = await fetch(`${relay.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    process.kill(group ? -(relay.child.pid as number) : (relay.child.pid as number), signal);
    let text = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += new TextDecoder().decode(read.value);
    expect(text).toContain('data: [DONE]');
    expect(await relay.exited).toBe(0);
    const stopping = relay.lines().filter((line) => line.msg === 'shutting down');
    // The primary's line (no worker field) and one per worker, each naming the primary's signal.
    expect(stopping.map((line) => line.worker ?? 'primary').sort()).toEqual([1, 2, 'primary']);
    expect(stopping.every((line) => line.signal === signal)).toBe(true);
  });

  it('restarts a worker killed with SIGKILL, logs the restart as one line, and keeps answering', async () => {
    const relay = await start(['--demo', '--port', '0', '--workers', '2']);
    await until(() => listeningLines(relay).length === 2, 'two workers listening', relay);
    const [victim, survivor] = listeningLines(relay) as [LogLine, LogLine];
    process.kill(victim.pid as number, 'SIGKILL');

    await until(() => relay.lines().some((line) => line.msg === 'worker exited; restarting it'), 'the restart line', relay);
    // The victim's lines only: a replacement that fails to start (say, while the dist is being rebuilt) has its own.
    const restarts = relay.lines().filter((line) => line.msg.startsWith('worker exited') && line.worker === victim.worker);
    expect(restarts.map(({ level, worker, pid, code, signal, msg }) => ({ level, worker, pid, code, signal, msg }))).toEqual([
      { level: 40, worker: victim.worker, pid: victim.pid, code: null, signal: 'SIGKILL', msg: 'worker exited; restarting it' },
    ]);
    // One worker down: the other answers meanwhile.
    expect(await askOnFreshConnection(relay.url)).toBe(200);

    await until(() => listeningLines(relay).length >= 3, 'the new worker listening', relay);
    const replacement = listeningLines(relay).at(-1) as LogLine;
    expect([victim.worker, survivor.worker]).not.toContain(replacement.worker);
    expect(replacement.url).toBe(relay.url);
    const before = requestLines(relay).length;
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push(await askOnFreshConnection(relay.url));
    expect(statuses).toEqual(Array(8).fill(200));
    await until(() => requestLines(relay).length === before + 8, 'the request lines', relay);
    expect(
      new Set(
        requestLines(relay)
          .slice(before)
          .map((line) => line.worker),
      ),
    ).toEqual(new Set([survivor.worker, replacement.worker]));
    // The banner is not printed again for the new worker.
    expect(relay.stderr().match(/listening on/g)).toHaveLength(1);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
  });

  it('says rate limits are per worker, and gives up with a clear message when workers keep crashing at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-relay-workers-'));
    const config = join(dir, 'llm-relay.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        upstreams: [{ name: 'fake', baseURL: 'http://127.0.0.1:9' }],
        models: [{ alias: '*', upstream: 'fake', model: 'fake-model' }],
        rateLimits: { default: { requestsPerMinute: 600 } },
      }),
    );
    const relay = await start(['--config', config, '--port', '0', '--workers', '2']);
    expect(relay.stderr()).toContain('  rate limits: per worker (2 workers; configure redis to share them)\n');
    await until(() => listeningLines(relay).length === 2, 'two workers listening', relay);

    // Every worker started from now on fails as it reads the broken file, as one would after a bad deploy.
    writeFileSync(config, '{ "upstreams": ');
    process.kill((listeningLines(relay)[0] as LogLine).pid as number, 'SIGKILL');
    expect(await relay.exited).toBe(1);
    expect(relay.stderr()).toMatch(/llm-relay: workers exited 6 times within 60 s \(the last, worker \d+: exit code 1\); giving up\. The log lines on stdout say why\.\n/);
    const exits = relay.lines().filter((line) => line.msg.startsWith('worker exited'));
    expect(exits.map((line) => line.msg)).toEqual([...Array(5).fill('worker exited; restarting it'), 'worker exited; too many crashes, not restarting']);
    expect(exits.slice(1).every((line) => line.code === 1)).toBe(true);
    expect(exits.map((line) => line.restartInMs)).toEqual([100, 200, 400, 800, 1600, undefined]);
    // The surviving worker was drained, not killed.
    expect(relay.lines().filter((line) => line.msg === 'shutting down' && line.worker !== undefined)).toHaveLength(1);
  });

  it('--workers auto runs one worker per core', async () => {
    const cores = availableParallelism();
    const relay = await start(['--demo', '--port', '0', '--workers', 'auto']);
    if (cores > 1) expect(relay.stderr()).toContain(`  workers: ${cores} (Node cluster, sharing the port)\n`);
    else expect(relay.stderr()).not.toContain('workers:');
    await until(() => listeningLines(relay).length === cores, `${cores} workers listening`, relay);
    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
  });

  it.each([
    [['--workers', '0'], {}],
    [['--workers', 'x'], {}],
    [[], { RELAY_WORKERS: '1.5' }],
  ])('refuses %j %j with a message naming what fits, and exits 1', (args, env) => {
    const result = spawnSync(process.execPath, [bin, '--demo', '--port', '0', ...args], { env: { ...cleanEnv, ...env }, encoding: 'utf8', cwd: '/' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--workers <n>' (argument|value) '(0|x|1\.5)' (from env 'RELAY_WORKERS' )?is invalid\. expected a number of processes from 1 to 64, or auto/);
  });

  it("fails once, with the first worker's one line, when the relay cannot start", () => {
    const result = spawnSync(process.execPath, [bin, '--port', '0', '--workers', '2'], { env: cleanEnv, encoding: 'utf8', cwd: '/' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/LLM_PROVIDER_URL is not set: pass --upstream-url/);
  });
});
