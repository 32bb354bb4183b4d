import { type ChatMessage, clearTokenCaches, createRelayHandler, estimateTokens } from '@llm-relay/core';
import { agentSession } from '../packages/core/test/support/agent-session.js';
import { median } from './stats.js';

const CANNED = JSON.stringify({
  id: 'x',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

// The relay's own work on a request (parse, validate, count, truncate, serialise), with the network cut
// out: the upstream answers at once from memory.
function handlerFor(contextWindow: number) {
  return createRelayHandler({
    upstream: { baseURL: 'http://upstream.invalid' },
    models: { defaultModel: 'bench-model' },
    context: { models: { 'bench-model': { contextWindow, maxOutputTokens: 8_192 } } },
    fetch: (async () => new Response(CANNED, { headers: { 'content-type': 'application/json' } })) as typeof fetch,
  });
}

async function timeRequest(handler: (request: Request) => Promise<Response>, messages: ChatMessage[]): Promise<number> {
  const body = JSON.stringify({ model: 'gpt-4', max_tokens: 8_192, messages });
  const started = performance.now();
  const response = await handler(new Request('http://relay/v1/chat/completions', { method: 'POST', body }));
  await response.text();
  return performance.now() - started;
}

/** The first send point whose history reaches `tokens`. */
function prefixOf(session: { messages: ChatMessage[]; sendPoints: number[] }, tokens: number): number {
  for (const point of session.sendPoints) if (estimateTokens(session.messages.slice(0, point)) >= tokens) return session.sendPoints.indexOf(point);
  throw new Error(`session shorter than ${tokens} tokens`);
}

export interface ContextTimings {
  smallMs: number;
  rows: { label: string; tokens: number; coldMs: number; warmMs: number; nextStepMs: number }[];
  countColdTokensPerSec: number;
  countWarmTokensPerSec: number;
}

export async function contextTimings(): Promise<ContextTimings> {
  const session = agentSession({ steps: 140, seed: 11, maxToolTokens: 12_000 });
  const big = handlerFor(1_047_576);
  const tight = handlerFor(128_000);
  const small: ChatMessage[] = [{ role: 'user', content: 'Hello' }];
  for (let i = 0; i < 50; i += 1) await timeRequest(big, small);
  const smallTimes: number[] = [];
  for (let i = 0; i < 200; i += 1) smallTimes.push(await timeRequest(big, small));

  const rows: ContextTimings['rows'] = [];
  for (const [label, tokens, handler] of [
    ['50k tokens, fits', 50_000, big],
    ['200k tokens, fits (1M window)', 200_000, big],
    ['200k tokens, truncated (128k window)', 200_000, tight],
  ] as const) {
    const index = prefixOf(session, tokens);
    const point = session.sendPoints[index] as number;
    clearTokenCaches();
    const coldMs = await timeRequest(handler, session.messages.slice(0, point));
    // Warm: a history the relay has seen, plus one new message. Next step: the session's real next
    // request, whose new tool outputs (up to 12k tokens) are counted for the first time.
    const warm: number[] = [];
    const nextStep: number[] = [];
    for (let next = 1; next <= 16; next += 1) {
      const history = session.messages.slice(0, session.sendPoints[index + next] as number);
      nextStep.push(await timeRequest(handler, history));
      warm.push(await timeRequest(handler, [...history, { role: 'user', content: `Now run the tests again (${next}).` }]));
    }
    rows.push({ label, tokens: estimateTokens(session.messages.slice(0, point)), coldMs, warmMs: median(warm), nextStepMs: median(nextStep) });
  }

  const history = session.messages.slice(0, session.sendPoints[prefixOf(session, 200_000)]);
  const total = estimateTokens(history, { cache: false });
  let started = performance.now();
  estimateTokens(history, { cache: false });
  const coldSeconds = (performance.now() - started) / 1000;
  estimateTokens(history);
  started = performance.now();
  estimateTokens(history);
  const warmSeconds = (performance.now() - started) / 1000;
  return { smallMs: median(smallTimes), rows, countColdTokensPerSec: total / coldSeconds, countWarmTokensPerSec: total / warmSeconds };
}
