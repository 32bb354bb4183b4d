// Screenshots of the admin page's three views for the README: `pnpm build && pnpm exec tsx scripts/screenshots.ts`.
// Replays a long agent session (and a little other traffic) through a relay to the Anthropic fake provider,
// then photographs the overview, the session and a cut request in Debian's chromium (CHROMIUM_PATH to change).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnthropicFakeProvider } from '@llm-relay/core/testing';
import { serveHandler, startRelay } from 'llm-relay';
import { chromium } from 'playwright-core';
import { agentSession, codeText } from '../packages/core/test/support/agent-session.js';
import { prng } from '../packages/core/test/support/prng.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs/screenshots');
const ADMIN_KEY = 'screenshot-admin-key-000000000';
const SESSION = '5f1c2a9e-claude-code-session';
const WINDOW = 40_000;

const fake = createAnthropicFakeProvider({ apiKey: 'provider-key', contextWindow: WINDOW, keepRequests: 2, chunkDelayMs: 2 });
const fakeServer = await serveHandler(fake.handler, { port: 0 });
const relay = await startRelay({
  port: 0,
  upstreamUrl: fakeServer.url,
  upstreamKey: 'provider-key',
  upstreamApi: 'anthropic',
  model: 'claude-sonnet-4-5',
  passthroughModels: true,
  logLevel: 'silent',
  clientKeys: [
    { name: 'laptop', key: 'client-key-laptop-0000' },
    { name: 'ci', key: 'client-key-ci-000000000' },
  ],
  context: { models: { 'claude-sonnet-4-5': { contextWindow: WINDOW } }, maxMessageTokens: 8_000 },
  admin: { key: ADMIN_KEY },
});
const send = async (key: string, session: string, messages: unknown[], stream = false) => {
  const response = await fetch(`${relay.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-session-id': session },
    body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 4_096, stream, messages }),
  });
  await response.arrayBuffer();
};
// As in packages/cli/test/admin-ui.test.ts: a session the engine clears, drops and (one long message) caps.
const { messages, sendPoints } = agentSession({ steps: 40, seed: 7, minToolTokens: 300, maxToolTokens: 12_000 });
const at = sendPoints[12] as number;
messages.splice(at, 0, { role: 'assistant', content: `Here is the whole log:\n${codeText(prng(5), 10_000)}` });
for (const point of sendPoints.map((p) => (p > at ? p + 1 : p))) await send('client-key-laptop-0000', SESSION, messages.slice(0, point), true);
const other = agentSession({ steps: 12, seed: 3, minToolTokens: 200, maxToolTokens: 3_000 });
for (const point of other.sendPoints) await send('client-key-ci-000000000', 'ci-run-2291', other.messages.slice(0, point));
await send('wrong-key-0000000000', 'x', [{ role: 'user', content: 'hi' }]);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const tall = { width: 1360, height: 1700 };
  await page.goto(`${relay.url}/ui#overview`);
  await page.fill('#key', ADMIN_KEY);
  await page.click('#login-form button');
  await page.locator('#overview-cards').waitFor();
  await page.locator('.live.on').waitFor();
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'overview.png'), fullPage: true });
  await page.evaluate((id) => (location.hash = `#sessions/${id}`), SESSION);
  await page.locator('#window-chart').waitFor();
  await page.screenshot({ path: join(out, 'sessions.png'), fullPage: true });
  // A request the engine cleared, dropped and capped, when there is one.
  const session = (await (await fetch(`${relay.url}/admin/sessions/${SESSION}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as {
    points: { requestId: string; messagesDropped?: number; cleared?: number; capped?: number }[];
  };
  const cut = session.points.find((p) => (p.messagesDropped ?? 0) > 0 && (p.cleared ?? 0) > 0 && (p.capped ?? 0) > 0) ?? session.points.at(-1);
  await page.locator(`#cuts tr[data-cut="${cut?.requestId}"]`).click();
  await page.locator('#messages').waitFor();
  await page.setViewportSize(tall);
  await page.screenshot({ path: join(out, 'inspector.png') });
  process.stderr.write(`screenshots in ${out}\n`);
} finally {
  await browser.close();
  await relay.stop(0);
  await fakeServer.close(0);
}
