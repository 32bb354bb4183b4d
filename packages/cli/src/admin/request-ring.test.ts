import type { RequestRecord } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import type { RequestEntry } from './request-entry.js';
import { RequestRing } from './request-ring.js';

const entry = (id: string, bytes: number, sessionId?: string): RequestEntry => ({
  record: { requestId: id, startedAt: 0, method: 'POST', path: '/v1/chat/completions', status: 200, durationMs: 1, sessionId } as RequestRecord,
  route: 'chat',
  headers: [],
  attempts: [],
  bytes,
});

describe('RequestRing', () => {
  it('holds at most its byte bound, evicting the oldest entries first', () => {
    const ring = new RequestRing(1_000);
    for (let i = 0; i < 10; i += 1) ring.add(entry(`r${i}`, 300));
    expect(ring.bytes).toBeLessThanOrEqual(1_000);
    expect(ring.newest(10).map((e) => e.record.requestId)).toEqual(['r9', 'r8', 'r7']);
    expect(ring.get('r6')).toBeUndefined();
  });

  it('keeps many small entries where a few large ones fill it (bytes, not count)', () => {
    const ring = new RequestRing(10_000);
    for (let i = 0; i < 100; i += 1) ring.add(entry(`s${i}`, 100));
    expect(ring.size).toBe(100);
    ring.add(entry('big', 9_000));
    expect(ring.size).toBe(11);
    expect(ring.bytes).toBe(10_000);
  });

  it('also holds at most its entry bound', () => {
    const ring = new RequestRing(1_000_000, 5);
    for (let i = 0; i < 9; i += 1) ring.add(entry(`c${i}`, 10));
    expect(ring.newest(10).map((e) => e.record.requestId)).toEqual(['c8', 'c7', 'c6', 'c5', 'c4']);
    expect(ring.bytes).toBe(50);
  });

  it('does not keep an entry larger than the whole bound, and keeps the others', () => {
    const ring = new RequestRing(1_000);
    ring.add(entry('a', 500));
    ring.add(entry('huge', 5_000));
    expect(ring.get('huge')).toBeUndefined();
    expect(ring.get('a')).toBeDefined();
  });

  it('lists the newest first, filtered', () => {
    const ring = new RequestRing(10_000);
    ring.add(entry('a', 10, 's1'));
    ring.add(entry('b', 10, 's2'));
    ring.add(entry('c', 10, 's1'));
    expect(ring.newest(5, (e) => e.record.sessionId === 's1').map((e) => e.record.requestId)).toEqual(['c', 'a']);
    expect(ring.newest(1).map((e) => e.record.requestId)).toEqual(['c']);
  });
});

describe('RequestRing with a repeated request id', () => {
  it('keeps the newer entry once, and counts its bytes once', () => {
    const ring = new RequestRing(1_000);
    ring.add(entry('same', 400));
    ring.add(entry('other', 100));
    ring.add(entry('same', 300));
    expect(ring.size).toBe(2);
    expect(ring.bytes).toBe(400);
    expect(ring.newest(10).map((e) => [e.record.requestId, e.bytes])).toEqual([
      ['same', 300],
      ['other', 100],
    ]);
    for (let i = 0; i < 5; i += 1) ring.add(entry(`n${i}`, 200));
    expect(ring.bytes).toBeLessThanOrEqual(1_000);
    expect(ring.get('same')).toBeUndefined();
  });
});
