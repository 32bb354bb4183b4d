import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChatMessage, estimateTokens } from '@llm-relay/core';
import { createFakeProvider } from '@llm-relay/core/testing';
import { type RunningServer, serveHandler } from 'llm-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, collectOutput, waitForStderr } from './command-output.js';
import { startRedis } from './redis-server.js';

const LIMITED_KEY = 'limited-key-123456';
const TEAM_KEY = 'team-key-1234567';
const PROVIDER_WINDOW = 40_000;
// Two keys of the provider account: a 429 on one makes it rest on every replica.
const PROVIDER_KEYS = ['pk-one-1111111111', 'pk-two-2222222222'];

/** One `llm-relay` process, as a replica behind a load balancer would be. */
interface Replica {
  url: string;
  /** Resolves when a line of its JSON log contains `text`; rejects, naming it, if none does within 10 s. */
  logged(text: string): Promise<void>;
  stop(): Promise<void>;
}

async function startReplica(configPath: string): Promise<Replica> {
  const env = { ...process.env };
  for (const name of ['LLM_PROVIDER_URL', 'LLM_PROVIDER_KEY', 'LLM_MODEL', 'RELAY_PORT', 'RELAY_HOST', 'RELAY_WORKERS', 'LOG_LEVEL', 'LLM_RELAY_CONFIG']) delete env[name];
  const child: ChildProcess = spawn(process.execPath, [bin, '--config', configPath, '--port', '0'], { env, cwd: tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child);
  const waiters: { text: string; resolve(): void }[] = [];
  child.stdout?.on('data', () => {
    for (const waiter of waiters.filter((w) => output.stdout().includes(w.text))) waiter.resolve();
  });
  const url = (await waitForStderr(output))[1] as string;
  return {
    url,
    logged: (text) =>
      output.stdout().includes(text)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`the replica never logged "${text}"`)), 10_000);
            waiters.push({
              text,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            });
          }),
    async stop() {
      child.kill('SIGTERM');
      await output.exited;
    },
  };
}

async function chat(replica: Replica, key: string, messages: ChatMessage[]): Promise<Response> {
  return fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gpt-4', messages }),
  });
}

/** A conversation of about `tokens` tokens, its turns different for each `seed`. */
function longConversation(tokens: number, seed: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You are a coding agent.' }];
  for (let turn = 0; estimateTokens(messages) < tokens; turn += 1) {
    const words = Array.from({ length: 600 }, (_, i) => `token${(seed * 7_919 + turn * 613 + i * 31) % 5_000}`).join(' ');
    messages.push({ role: 'user', content: `Step ${turn}: ${words}` }, { role: 'assistant', content: `Done with step ${turn}.` });
  }
  messages.push({ role: 'user', content: `Now summarise (${seed}).` });
  return messages;
}

describe('two relay replicas sharing one redis-server', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let provider: RunningServer;
  let fake: ReturnType<typeof createFakeProvider>;
  let dir: string;
  let configPath: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    // The provider's window is smaller than the one the relay is told, so the first long request is refused.
    fake = createFakeProvider({ contextWindow: PROVIDER_WINDOW, keepRequests: 10, apiKeys: PROVIDER_KEYS });
    provider = await serveHandler(fake.handler, { port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'llm-relay-replicas-'));
    configPath = join(dir, 'llm-relay.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        upstreams: [{ name: 'fake', baseURL: provider.url, keys: PROVIDER_KEYS }],
        models: [{ alias: 'gpt-4', upstream: 'fake', model: 'fake-model', contextWindow: 100_000 }],
        clientKeys: [
          { name: 'limited', key: LIMITED_KEY, limits: { requestsPerMinute: 3 } },
          { name: 'team', key: TEAM_KEY },
        ],
        // One URL for everything shared; the rate limits use it without a store of their own.
        redis: { url: redis.url },
        logging: { level: 'info' },
      }),
    );
    replicas.push(...(await Promise.all([startReplica(configPath), startReplica(configPath)])));
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await provider?.close(0);
    await redis?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('share one rate limit: three requests per minute across both, the next refused on either', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    const statuses = [];
    for (const replica of [a, b, a]) statuses.push((await chat(replica, LIMITED_KEY, hi)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refusedOnB = await chat(b, LIMITED_KEY, hi);
    expect(refusedOnB.status).toBe(429);
    expect(refusedOnB.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect((await chat(a, LIMITED_KEY, hi)).status).toBe(429);
    // Another key is not limited by it.
    expect((await chat(b, TEAM_KEY, hi)).status).toBe(200);
  });

  it('hold two connections each, one for commands and one subscribed, shared by the rate limits, the corrections and the key rests', async () => {
    const { Redis } = await import('ioredis');
    const admin = new Redis(redis.url);
    try {
      const clients = ((await admin.client('LIST')) as string).trim().split('\n');
      // Both replicas' pairs, and this test's own connection.
      expect(clients).toHaveLength(2 * 2 + 1);
      // Each replica's one subscriber holds both channels: the corrections' and the key rests'.
      expect(clients.filter((client) => / sub=2 /.test(client))).toHaveLength(2);
    } finally {
      admin.disconnect();
    }
  });

  it("share what one learned from a provider's overflow: the other replica's request fits the first time", async () => {
    const [a, b] = replicas as [Replica, Replica];
    const rejectedBefore = fake.stats.rejected;
    const first = await chat(a, TEAM_KEY, longConversation(60_000, 1));
    expect(first.status, await first.clone().text()).toBe(200);
    // A sent it whole (it fits the 100k window it was told), was refused, learned the 40k window and cut.
    expect(first.headers.get('x-llm-relay-attempts')).toBe('2');
    expect(fake.stats.rejected).toBe(rejectedBefore + 1);

    await b.logged('overflow correction learned by another replica');
    const second = await chat(b, TEAM_KEY, longConversation(60_000, 2));
    expect(second.status).toBe(200);
    expect(second.headers.get('x-llm-relay-attempts')).toBe('1');
    expect(second.headers.get('x-llm-relay-context')).toMatch(/stage=/);
    expect(fake.stats.rejected).toBe(rejectedBefore + 1);
    expect(fake.requests.at(-1)?.promptTokens).toBeLessThanOrEqual(PROVIDER_WINDOW);
  });

  it('share the rest of a rate-limited provider key: the other replica leaves it alone too', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    const keyOf = (index: number) => fake.requests.at(index)?.headers.authorization?.replace('Bearer ', '');
    // Two requests on A: whichever key it is on, one of them meets the 429 and moves to the other key.
    fake.fail({ status: 429, key: PROVIDER_KEYS[0], headers: { 'retry-after': '120' } });
    for (let i = 0; i < 2; i += 1) expect((await chat(a, TEAM_KEY, hi)).status).toBe(200);
    // Published through Redis at once; B hears it within a few milliseconds.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < 4; i += 1) {
      expect((await chat(b, TEAM_KEY, hi)).status).toBe(200);
      expect(keyOf(-1)).toBe(PROVIDER_KEYS[1]);
    }
  });

  it('a replica started later loads what was learned before it started', async () => {
    const rejectedBefore = fake.stats.rejected;
    const late = await startReplica(configPath);
    replicas.push(late);
    const response = await chat(late, TEAM_KEY, longConversation(60_000, 3));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-llm-relay-attempts')).toBe('1');
    expect(fake.stats.rejected).toBe(rejectedBefore);
    // The key resting since the test before rests on it too.
    for (let i = 0; i < 2; i += 1) {
      expect((await chat(late, TEAM_KEY, [{ role: 'user', content: 'hi' }])).status).toBe(200);
      expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_KEYS[1]}`);
    }
    // And the shared limit holds on it too.
    expect((await chat(late, LIMITED_KEY, [{ role: 'user', content: 'hi' }])).status).toBe(429);
  });
});
