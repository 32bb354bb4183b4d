import { type AnthropicFakeProvider, createAnthropicFakeProvider } from '@llm-relay/core/testing';
import { type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentSession, codeText } from '../../core/test/support/agent-session.js';
import { prng } from '../../core/test/support/prng.js';
import { PROVIDER_KEY } from './helpers.js';

// The live page in a real browser (Debian's chromium, driven by playwright-core) over real HTTP, after a
// long agent session was replayed through the relay to the Anthropic fake provider (whose prompt cache
// reports reads), with a window small enough that the context engine cuts.
const ADMIN_KEY = 'admin-key-that-must-never-leak-0002';
const CLIENT_KEY = 'client-key-that-must-never-leak-0002';
const SECRETS = [ADMIN_KEY, CLIENT_KEY, PROVIDER_KEY];
const SESSION = 'replayed-session-0001';
const WINDOW = 40_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let fake: AnthropicFakeProvider;
let fakeServer: RunningServer;
let relay: RunningRelay;
let browser: Browser;
/** Everything any page received from the relay (documents, scripts and every /admin/ answer). */
const received: string[] = [];

/**
 * 40 agent steps with tool outputs up to 12k tokens, and a 10k-token log pasted by the assistant after the
 * 12th request: over a 40k window the engine clears, drops, and (that long message) caps.
 */
function longSession() {
  const { messages, sendPoints } = agentSession({ steps: 40, seed: 7, minToolTokens: 300, maxToolTokens: 12_000 });
  const at = sendPoints[12] as number;
  messages.splice(at, 0, { role: 'assistant', content: `Here is the whole log:\n${codeText(prng(5), 10_000)}` });
  return { messages, sendPoints: sendPoints.map((point) => (point > at ? point + 1 : point)) };
}

async function chat(messages: unknown[], headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}`, 'x-session-id': SESSION, ...headers },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 4_096, messages }),
  });
  await response.arrayBuffer();
  return response;
}

beforeAll(async () => {
  fake = createAnthropicFakeProvider({ apiKey: PROVIDER_KEY, contextWindow: WINDOW, keepRequests: 2 });
  fakeServer = await serveHandler(fake.handler, { port: 0 });
  relay = await startRelay({
    port: 0,
    upstreamUrl: fakeServer.url,
    upstreamKey: PROVIDER_KEY,
    upstreamApi: 'anthropic',
    model: 'claude-sonnet-4-5',
    passthroughModels: true,
    logLevel: 'silent',
    clientKeys: [{ name: 'agent', key: CLIENT_KEY }],
    context: { models: { 'claude-sonnet-4-5': { contextWindow: WINDOW } }, maxMessageTokens: 8_000 },
    admin: { key: ADMIN_KEY },
  });
  const { messages, sendPoints } = longSession();
  for (const point of sendPoints) expect((await chat(messages.slice(0, point))).status).toBe(200);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await relay?.stop(0);
  await fakeServer?.close(0);
});

/** A fresh tab (empty session storage) that records every answer it gets from the relay. */
async function openPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  page.on('response', (response) => {
    // The event stream never ends; its events are checked through the page's text instead.
    if (response.url().startsWith(relay.url) && !response.url().endsWith('/admin/events'))
      void response.text().then(
        (text) => received.push(text),
        () => undefined,
      );
  });
  return page;
}

async function signIn(page: Page, key = ADMIN_KEY, hash = ''): Promise<void> {
  await page.goto(`${relay.url}/ui${hash}`);
  await page.fill('#key', key);
  await page.click('#login-form button');
}

async function adminJson<T>(path: string): Promise<T> {
  return (await (await fetch(`${relay.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as T;
}

async function pageText(page: Page): Promise<string> {
  return `${await page.content()}\n${await page.textContent('body')}`;
}

interface Point {
  requestId: string;
  stage?: string;
  messagesDropped?: number;
  cleared?: number;
  capped?: number;
}

/** How many of the three kinds of cut a request shows. */
const kinds = (p: Point) => Number((p.messagesDropped ?? 0) > 0) + Number((p.cleared ?? 0) > 0) + Number((p.capped ?? 0) > 0);

describe('the live page in a browser', () => {
  it('refuses a missing or a wrong admin key', async () => {
    const page = await openPage();
    await page.goto(`${relay.url}/ui#sessions`);
    await expect.poll(() => page.isVisible('#login-form')).toBe(true);
    expect(await page.isVisible('#refused')).toBe(false);
    expect(await page.locator('[data-session]').count()).toBe(0);
    // The page holds no data: without the key the API it reads says 401.
    expect(await page.evaluate(async () => (await fetch('/admin/sessions')).status)).toBe(401);
    for (const wrong of ['not-the-admin-key-00000', CLIENT_KEY]) {
      await signIn(page, wrong, '#sessions');
      await expect.poll(() => page.isVisible('#refused')).toBe(true);
      expect(await page.textContent('#refused')).toMatch(/Refused: Incorrect admin key/);
      expect(await page.locator('[data-session]').count()).toBe(0);
    }
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('shows the replayed session with its cuts and its window chart drawn', async () => {
    const session = await adminJson<{ cuts: number; points: Point[] }>(`/admin/sessions/${SESSION}`);
    expect(session.cuts).toBeGreaterThan(0);
    const page = await openPage();
    await signIn(page, ADMIN_KEY, '#sessions');
    const row = page.locator(`tr[data-session="${SESSION}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(String(session.cuts));
    await row.click();
    const chart = page.locator('#window-chart svg.chart');
    await chart.waitFor();
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(100);
    // One dot per request for the tokens before and after the cut, a line for each series and the budget.
    expect(await chart.locator('circle[data-series="sent"]').count()).toBe(session.points.length);
    expect(await chart.locator('path[data-series="budget"]').count()).toBe(1);
    expect(await chart.locator('path[data-series="before the cut"]').count()).toBe(1);
    expect(await page.locator('#cuts tr[data-cut]').count()).toBe(session.points.filter((p) => p.stage !== undefined && p.stage !== 'none').length);
    expect(await page.textContent('#cuts')).toMatch(/drop|clear|cap/);
    await page.context().close();
  });

  it('shows a cut request message by message, with what was dropped, cleared and capped marked', async () => {
    const session = await adminJson<{ points: Point[] }>(`/admin/sessions/${SESSION}`);
    // The request that shows the most kinds of cut (dropped, cleared, capped), the newest of those.
    const cut = session.points.filter((p) => p.stage === 'drop').reduce<Point | undefined>((best, p) => (best === undefined || kinds(p) >= kinds(best) ? p : best), undefined) as Point;
    expect(kinds(cut)).toBe(3);
    const detail = await adminJson<{ truncation: { messagesDropped: number; toolResultsCleared: number; messagesCapped: number; protectedRecent: number }; messages: unknown[] }>(
      `/admin/requests/${cut.requestId}`,
    );
    const page = await openPage();
    await signIn(page, ADMIN_KEY, '#sessions');
    await page.locator(`tr[data-session="${SESSION}"]`).click();
    await page.locator(`#cuts tr[data-cut="${cut.requestId}"]`).click();
    await page.locator('#messages').waitFor();
    const count = (mark: string) => page.locator(`#messages tr[data-mark="${mark}"]`).count();
    expect(await page.locator('#messages tbody tr[data-index]').count()).toBe(detail.messages.length);
    expect(await count('dropped')).toBe(detail.truncation.messagesDropped);
    expect(await count('cleared')).toBe(detail.truncation.toolResultsCleared);
    expect(await count('capped')).toBe(detail.truncation.messagesCapped);
    for (const mark of ['dropped', 'cleared', 'capped']) expect(await count(mark)).toBeGreaterThan(0);
    expect(await page.locator('#messages .badge.protected').count()).toBe(detail.truncation.protectedRecent);
    // Long runs of dropped messages are folded into one row, which unfolds them.
    const dropped = page.locator('#messages tr[data-mark="dropped"]').last();
    if (!(await dropped.isVisible())) await page.locator('#messages tr[data-run] button').last().click();
    expect(await dropped.isVisible()).toBe(true);
    expect(await dropped.textContent()).toContain('not sent');
    expect(await page.textContent('#cut-report')).toContain('drop');
    expect(await page.textContent('#headers')).toContain('[redacted]');
    await page.context().close();
  });

  it('shows a new request as it finishes, without reloading', async () => {
    const page = await openPage();
    await signIn(page, ADMIN_KEY, '#requests');
    await page.locator('#requests tbody tr').first().waitFor();
    await expect.poll(() => page.textContent('#live')).toBe('live');
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const response = await chat([{ role: 'user', content: 'one more question' }], { 'x-request-id': 'live-request-0001', 'x-session-id': 'another-session' });
    expect(response.status).toBe(200);
    await page.locator('#requests tr[data-request="live-request-0001"]').waitFor({ timeout: 5_000 });
    expect(await page.locator('#requests tbody tr').first().getAttribute('data-request')).toBe('live-request-0001');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.context().close();
  });

  it('shows no secret anywhere: not in any view, nor in any answer the page got', async () => {
    const page = await openPage();
    await signIn(page, ADMIN_KEY, '#overview');
    await page.locator('#overview-cards').waitFor();
    const texts = [await pageText(page)];
    const newest = (await adminJson<{ requests: { requestId: string }[] }>('/admin/requests?limit=1')).requests[0]?.requestId as string;
    const views = { '#sessions': 'sessions', [`#sessions/${SESSION}`]: 'sessions-detail', '#requests': 'requests', [`#requests/${newest}`]: 'requests-detail' };
    for (const [hash, view] of Object.entries(views)) {
      await page.evaluate((to) => (location.hash = to), hash);
      await page.locator(`#view[data-view="${view}"]`).waitFor();
      texts.push(await pageText(page));
    }
    expect(texts.join('\n')).toContain(SESSION);
    expect(received.length).toBeGreaterThan(10);
    for (const text of [...texts, ...received]) for (const secret of SECRETS) expect(text).not.toContain(secret);
    await page.context().close();
  });
});
