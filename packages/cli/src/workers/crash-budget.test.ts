import { describe, expect, it } from 'vitest';
import { CrashBudget } from './crash-budget.js';

describe('CrashBudget', () => {
  const options = { maxRestarts: 4, windowMs: 60_000, firstDelayMs: 100, maxDelayMs: 500 };

  it('doubles the wait with each crash in the window, up to the cap, then gives up', () => {
    const budget = new CrashBudget(options);
    expect([0, 1, 2, 3, 4].map((i) => budget.record(1_000 + i))).toEqual([100, 200, 400, 500, undefined]);
    expect(budget.recent).toBe(5);
  });

  it('forgets crashes older than the window, so a worker dying once a day is always restarted', () => {
    const budget = new CrashBudget(options);
    for (let day = 0; day < 10; day += 1) expect(budget.record(day * 86_400_000)).toBe(100);
    expect(budget.recent).toBe(1);
  });

  it('counts only the crashes inside the window ending now', () => {
    const budget = new CrashBudget(options);
    budget.record(0);
    budget.record(10_000);
    budget.record(20_000);
    expect(budget.record(65_000)).toBe(400);
    expect(budget.recent).toBe(3);
  });
});
