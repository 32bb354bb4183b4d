import { describe, expect, it } from 'vitest';
import { pacedUpstream } from '../../test/support/paced-upstream.js';
import type { Usage } from '../types/chat.js';
import { relayEventStream } from './relay-event-stream.js';

function relay(body: ReadableStream<Uint8Array>, options: { stripUsage?: boolean; idleTimeoutMs?: number } = {}) {
  const usages: Usage[] = [];
  const outcomes: string[] = [];
  const stream = relayEventStream(body, {
    idleTimeoutMs: options.idleTimeoutMs ?? 5_000,
    stripUsage: options.stripUsage ?? true,
    onUsage: (usage) => usages.push(usage),
    onEnd: (outcome) => outcomes.push(outcome),
  });
  return { stream, usages, outcomes };
}

const DONE = 'data: [DONE]\n\n';
const USAGE = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

describe('relayEventStream', () => {
  it('cuts a null usage the client did not ask for from the bytes as they came, and drops the usage-only chunk', async () => {
    const first = '{"id":"c1","choices":[{"index":0,"delta":{"content":"h\\u00e9"},"finish_reason":null}],"usage":null}';
    const last = '{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}';
    const usage = JSON.stringify({ id: 'c1', choices: [], usage: USAGE });
    const { stream, usages, outcomes } = relay(pacedUpstream([`data: ${first}\n\n`, `data: ${last}\n\ndata: ${usage}\n\n`, DONE]));
    // The escape and the key order stay as the upstream wrote them: only the member is gone.
    expect(await new Response(stream).text()).toBe(
      `data: {"id":"c1","choices":[{"index":0,"delta":{"content":"h\\u00e9"},"finish_reason":null}]}\n\ndata: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n${DONE}`,
    );
    expect(usages).toEqual([USAGE]);
    expect(outcomes).toEqual(['completed']);
  });

  it('removes usage written another way (not last, spaced, or a value) by re-serialising that chunk', async () => {
    const pieces = [
      'data: {"usage":null,"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n',
      'data: {"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}], "usage": null}\n\n',
      `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":${JSON.stringify(USAGE)}}\n\n`,
      DONE,
    ];
    const { stream, usages } = relay(pacedUpstream(pieces));
    const events = (await new Response(stream).text()).split('\n\n').filter((event) => event !== '');
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)) as Record<string, unknown>);
    expect(chunks.map((chunk) => 'usage' in chunk)).toEqual([false, false, false]);
    expect(chunks.map((chunk) => (chunk.choices as { delta: unknown }[])[0]?.delta)).toEqual([{ content: 'a' }, { content: 'b' }, {}]);
    expect(usages).toEqual([USAGE]);
  });

  it('keeps every byte when the client asked for usage itself', async () => {
    const text = `data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"usage":null}\n\ndata: {"choices":[],"usage":${JSON.stringify(USAGE)}}\n\n${DONE}`;
    const { stream, usages } = relay(pacedUpstream([text]), { stripUsage: false });
    expect(await new Response(stream).text()).toBe(text);
    expect(usages).toEqual([USAGE]);
  });

  it('waits out an upstream whose chunks come often, however long the whole answer takes', async () => {
    const chunk = (content: string) => `data: {"choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}],"usage":null}\n\n`;
    const pieces = [...Array.from({ length: 12 }, (_, i) => chunk(String(i))), 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n', DONE];
    // 14 pieces 150 ms apart: about 2 s in all, each gap well inside the 1 s allowed.
    const { stream, outcomes } = relay(pacedUpstream(pieces, 'close', 150), { idleTimeoutMs: 1_000 });
    const text = await new Response(stream).text();
    expect(text.endsWith(`"finish_reason":"stop"}]}\n\n${DONE}`)).toBe(true);
    expect(outcomes).toEqual(['completed']);
  });

  it('counts a client that stops reading as no silence of the upstream', async () => {
    const pieces = ['data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n', 'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n', DONE];
    const { stream, outcomes } = relay(pacedUpstream(pieces), { idleTimeoutMs: 100 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    // Three idle timeouts without a read: the upstream has nothing to be blamed for.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value);
    expect(text).not.toContain('error');
    expect(text.endsWith(DONE)).toBe(true);
    expect(outcomes).toEqual(['completed']);
  });

  it('ends a silent upstream with an error event after the idle timeout', async () => {
    const { stream, outcomes } = relay(pacedUpstream(['data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n'], 'hang'), { idleTimeoutMs: 100 });
    const text = await new Response(stream).text();
    expect(text).toMatch(/^data: \{"choices".*\n\ndata: \{"error":\{.*"code":"idle_timeout"/s);
    expect(outcomes).toEqual(['idle_timeout']);
  });
});
