import type { RequestRecord } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import { SessionTable } from './session-table.js';

const record = (sessionId: string, i: number, cut = false): RequestRecord =>
  ({
    requestId: `${sessionId}-${i}`,
    startedAt: i,
    method: 'POST',
    path: '/v1/chat/completions',
    status: 200,
    durationMs: 1,
    sessionId,
    sessionSource: 'client',
    promptTokens: 1_000,
    cachedTokens: 250,
    truncation: cut
      ? {
          stage: 'drop',
          budget: 900,
          lowWater: 540,
          tokensBefore: 1_500,
          tokensAfter: 1_000,
          messagesBefore: 10,
          messagesAfter: 6,
          messagesCapped: 0,
          toolResultsCleared: 1,
          turnsDropped: 2,
          messagesDropped: 4,
          cutIndex: 2,
          protectedRecent: 4,
        }
      : undefined,
  }) as RequestRecord;

describe('SessionTable', () => {
  it("keeps each session's requests as points, with its cuts counted", () => {
    const table = new SessionTable();
    table.add(record('a', 1));
    table.add(record('a', 2, true));
    const session = table.get('a');
    expect(session).toMatchObject({ requests: 2, cuts: 1, source: 'client' });
    expect(session?.points[1]).toMatchObject({ stage: 'drop', tokensBefore: 1_500, tokensAfter: 1_000, budget: 900, messagesDropped: 4, cleared: 1, cachedShare: 0.25 });
  });

  it('is bounded in sessions (the longest idle goes) and in points per session', () => {
    const table = new SessionTable(3, 5);
    for (const id of ['a', 'b', 'c']) table.add(record(id, 1));
    table.add(record('a', 2));
    table.add(record('d', 3));
    expect(table.list().map((s) => s.id)).toEqual(['d', 'a', 'c']);
    for (let i = 0; i < 20; i += 1) table.add(record('d', 10 + i));
    expect(table.get('d')?.points).toHaveLength(5);
    expect(table.get('d')?.requests).toBe(21);
  });
});
