import { createRelayHandler } from '@llm-relay/core';
const CANNED = JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const handler = createRelayHandler({ upstream: { baseURL: 'http://upstream.invalid' }, models: { defaultModel: 'm' }, fetch: (async () => new Response(CANNED, { headers: { 'content-type': 'application/json' } })) as typeof fetch });
const body = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });
async function one() { const r = await handler(new Request('http://relay/v1/chat/completions', { method: 'POST', body })); await r.text(); }
for (let i = 0; i < 2000; i++) await one();
const n = 5000; const t = performance.now();
for (let i = 0; i < n; i++) await one();
console.log('per request ms', (performance.now() - t) / n);
