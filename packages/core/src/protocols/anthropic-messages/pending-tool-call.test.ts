import { describe, expect, it } from 'vitest';
import { PendingToolCalls } from './pending-tool-call.js';

describe('PendingToolCalls', () => {
  it('finds a call by index, and an entry without one by its id, a new id being a new call after the highest index', () => {
    const calls = new PendingToolCalls();
    const first = calls.of({ index: 3, id: 'a' });
    expect(calls.of({ index: 3 })).toBe(first);
    expect(first.id).toBe('a');
    expect(calls.of({ id: 'a' })).toBe(first);
    const next = calls.of({ id: 'b' });
    expect(next.index).toBe(4);
    // No id and no index: the newest call.
    expect(calls.of({})).toBe(next);
    expect([...calls.values()].map((call) => call.index)).toEqual([3, 4]);
  });

  it('keeps the first id a call was given, and finds an id by the first call that took it', () => {
    const calls = new PendingToolCalls();
    const late = calls.of({ index: 0 });
    const early = calls.of({ index: 1, id: 'x' });
    calls.of({ index: 0, id: 'x' });
    calls.of({ index: 1, id: 'y' });
    expect([late.id, early.id]).toEqual(['x', 'x']);
    // Created first, so a search in creation order finds it, though it took the id later.
    expect(calls.of({ id: 'x' })).toBe(late);
  });

  it('offers waiting calls with an id and a name, in index order, lazily and without the ones opened since', () => {
    const calls = new PendingToolCalls();
    for (const index of [2, 0, 1, 3]) calls.of({ index, id: `c${index}` });
    for (const call of calls.values()) if (call.index !== 1) call.name = 'read';
    expect([...calls.ready()].map((call) => call.index)).toEqual([0, 2, 3]);
    const ready = calls.ready();
    const zero = ready.next().value;
    expect(zero?.index).toBe(0);
    if (zero !== undefined) zero.state = 'open';
    const two = [...calls.values()].find((call) => call.index === 2);
    if (two !== undefined) two.state = 'closed';
    expect(ready.next().value?.index).toBe(3);
    expect([...calls.ready()].map((call) => call.index)).toEqual([3]);
  });

  it('opens 100,000 calls in order, one after another, each found at once', () => {
    const calls = new PendingToolCalls();
    const opened: number[] = [];
    for (let index = 0; index < 100_000; index += 1) {
      const call = calls.of({ index, id: `c${index}` });
      call.name = 'read';
      for (const ready of calls.ready()) {
        ready.state = 'closed';
        opened.push(ready.index);
      }
    }
    expect(opened).toHaveLength(100_000);
    expect(opened.every((index, i) => index === i)).toBe(true);
  });
});
