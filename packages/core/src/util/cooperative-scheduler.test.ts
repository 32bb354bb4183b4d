import { describe, expect, it } from 'vitest';
import { runCooperatively } from './cooperative-scheduler.js';

function* counting(steps: number, msPerStep: number): Generator<void, number, void> {
  for (let i = 0; i < steps; i += 1) {
    const until = performance.now() + msPerStep;
    while (performance.now() < until);
    yield;
  }
  return steps;
}

describe('runCooperatively', () => {
  it('finishes short work inline, before any other callback runs', async () => {
    let other = false;
    setImmediate(() => {
      other = true;
    });
    const result = runCooperatively(counting(3, 0));
    // Already settled: awaiting it takes a microtask, not a turn of the event loop.
    expect(await result).toBe(3);
    expect(other).toBe(false);
  });

  it('hands longer work to the scheduler, letting other callbacks run in between', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    expect(await runCooperatively(counting(40, 1))).toBe(40);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
