import { Writable } from 'node:stream';
import type { RequestRecord } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import { createLogger, logRequest } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

const record: RequestRecord = {
  requestId: 'req-1',
  startedAt: 0,
  method: 'POST',
  path: '/v1/chat/completions',
  status: 200,
  durationMs: 12,
  keyName: 'alice',
  model: 'gpt-4',
  upstreamModel: 'fake-model',
  promptTokens: 8,
  rateLimit: { allowed: true, remainingRequests: 9, remainingTokens: 990 },
  error: 'quote " and newline \n inside',
};

describe('logRequest', () => {
  it('writes the line pino would write, field for field, in its order', async () => {
    const fast = capture();
    logRequest(await createLogger('info', fast.destination), record);
    const viaPino = capture();
    const logger = await createLogger('info', viaPino.destination);
    const { level: _l, time: _t, service: _s, msg: _m, ...fields } = JSON.parse(fast.lines[0] as string) as Record<string, unknown>;
    logger.info(fields, 'request');
    await new Promise((resolve) => setImmediate(resolve));
    const ours = JSON.parse(fast.lines[0] as string) as Record<string, unknown>;
    const theirs = JSON.parse(viaPino.lines[0] as string) as Record<string, unknown>;
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect({ ...ours, time: 0 }).toEqual({ ...theirs, time: 0 });
    expect(ours).toMatchObject({ level: 30, service: 'llm-relay', requestId: 'req-1', key: 'alice', status: 200, msg: 'request', error: record.error });
    expect(Number.isNaN(Date.parse(ours.time as string))).toBe(false);
    expect(ours).not.toHaveProperty('cachedTokens');
  });

  it('keeps the levels: warn for a 4xx, error for a 5xx, nothing below the logger level', async () => {
    const out = capture();
    const logger = await createLogger('warn', out.destination);
    logRequest(logger, record);
    logRequest(logger, { ...record, status: 429 });
    logRequest(logger, { ...record, status: 502 });
    expect(out.lines.map((line) => (JSON.parse(line) as { level: number; status: number }).level)).toEqual([40, 50]);
  });
});
