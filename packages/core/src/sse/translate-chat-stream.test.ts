import { describe, expect, it } from 'vitest';
import { pacedUpstream } from '../../test/support/paced-upstream.js';
import type { RelayError } from '../errors/relay-error.js';
import type { StreamWriter } from '../protocols/front-door.js';
import { translateChatStream } from './translate-chat-stream.js';

/** A writer that names what it was asked to do, so the tests read the stage's decisions directly. */
function recordingWriter(): StreamWriter {
  return {
    start: () => 'start|',
    push: (chunk) => `push:${JSON.stringify((chunk as { choices?: { delta?: unknown }[] }).choices?.[0]?.delta ?? null)}|`,
    finish: () => 'finish|',
    fail: (error: RelayError) => `fail:${error.code}|`,
    ping: () => 'ping|',
  };
}

async function run(body: ReadableStream<Uint8Array>, options: { idleTimeoutMs?: number; pingIntervalMs?: number } = {}) {
  const outcomes: string[] = [];
  const stream = translateChatStream(body, recordingWriter(), { idleTimeoutMs: options.idleTimeoutMs ?? 5_000, pingIntervalMs: options.pingIntervalMs, onEnd: (outcome) => outcomes.push(outcome) });
  const text = await new Response(stream).text();
  return { text, outcomes };
}

const chunk = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

describe('translateChatStream', () => {
  it('writes start first, every chunk in order, and finish on [DONE]', async () => {
    const { text, outcomes } = await run(pacedUpstream([chunk({ content: 'a' }), chunk({ content: 'b' }, 'stop'), 'data: [DONE]\n\n']));
    expect(text).toBe('start|push:{"content":"a"}|push:{"content":"b"}|finish|');
    expect(outcomes).toEqual(['completed']);
  });

  it('finishes on a finish reason even when [DONE] never comes, and on [DONE] without a finish reason', async () => {
    expect((await run(pacedUpstream([chunk({ content: 'a' }, 'stop')]))).text).toBe('start|push:{"content":"a"}|finish|');
    expect((await run(pacedUpstream([chunk({ content: 'a' }), 'data: [DONE]\n\n']))).text).toBe('start|push:{"content":"a"}|finish|');
  });

  it('splits nothing and loses nothing when events arrive cut at any byte', async () => {
    const whole = `${chunk({ content: 'héllo' }) + chunk({ content: ' wörld' }, 'stop')}data: [DONE]\n\n`;
    for (const size of [1, 2, 3, 7, 50]) {
      const pieces: string[] = [];
      for (let i = 0; i < whole.length; i += size) pieces.push(whole.slice(i, i + size));
      expect((await run(pacedUpstream(pieces))).text).toBe('start|push:{"content":"héllo"}|push:{"content":" wörld"}|finish|');
    }
  });

  it('fails with an error event when the upstream closes early, drops the connection, or sends an error chunk', async () => {
    const early = await run(pacedUpstream([chunk({ content: 'a' })]));
    expect(early.text).toBe('start|push:{"content":"a"}|fail:stream_interrupted|');
    expect(early.outcomes).toEqual(['interrupted']);
    expect((await run(pacedUpstream([chunk({ content: 'a' })], 'error'))).text).toBe('start|push:{"content":"a"}|fail:stream_interrupted|');
    const errorChunk = await run(pacedUpstream([chunk({ content: 'a' }), `data: ${JSON.stringify({ error: { message: 'overloaded' } })}\n\n`], 'hang'));
    expect(errorChunk.text).toBe('start|push:{"content":"a"}|fail:upstream_error|');
  });

  it('keeps the client hearing pings while the upstream sends only keep-alive comments, then times out', async () => {
    const comments = Array.from({ length: 40 }, () => ': keep-alive\n\n');
    const { text, outcomes } = await run(pacedUpstream([chunk({ content: 'a' }), ...comments], 'hang', 25), { idleTimeoutMs: 400, pingIntervalMs: 100 });
    expect(text).toMatch(/^start\|push:\{"content":"a"\}\|(ping\|){2,}fail:idle_timeout\|$/);
    expect(outcomes).toEqual(['idle_timeout']);
  });

  it('pings during a silence and gives up with an error after the idle timeout', async () => {
    const { text, outcomes } = await run(pacedUpstream([chunk({ content: 'a' })], 'hang'), { idleTimeoutMs: 250, pingIntervalMs: 100 });
    expect(text).toMatch(/^start\|push:\{"content":"a"\}\|(ping\|)+fail:idle_timeout\|$/);
    expect(outcomes).toEqual(['idle_timeout']);
  });
});
