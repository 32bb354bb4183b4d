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
  it('finishes short work inline: it never reaches the scheduler, which would refuse a client that has gone', async () => {
    const gone = AbortSignal.abort();
    expect(await runCooperatively(counting(3, 0), gone)).toBe(3);
    await expect(runCooperatively(counting(40, 1), gone)).rejects.toMatchObject({ status: 499 });
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
