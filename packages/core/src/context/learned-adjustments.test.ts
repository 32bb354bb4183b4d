import { describe, expect, it } from 'vitest';
import { type LearnedAdjustment, LearnedAdjustments } from './learned-adjustments.js';

describe('LearnedAdjustments', () => {
  it('keeps the largest factor and the smallest window per model', () => {
    const learned = new LearnedAdjustments();
    learned.learn('m', { factorBoost: 1.2, contextWindow: 40_000 });
    learned.learn('m', { factorBoost: 1.1, contextWindow: 50_000 });
    learned.learn('m', { factorBoost: 1.3 });
    expect(learned.get('m')).toEqual({ factorBoost: 1.3, contextWindow: 40_000 });
    expect(learned.get('other')).toBeUndefined();
    expect(learned.get(undefined)).toBeUndefined();
  });

  it('reports what it learned itself, with everything known, and only when that changed', () => {
    const reported: [string, LearnedAdjustment][] = [];
    const learned = new LearnedAdjustments({ onLearn: (model, adjustment) => reported.push([model, adjustment]) });
    learned.learn('m', { factorBoost: 1.2 });
    learned.learn('m', { factorBoost: 1.1 });
    learned.learn('m', { contextWindow: 30_000 });
    expect(reported).toEqual([
      ['m', { factorBoost: 1.2 }],
      ['m', { factorBoost: 1.2, contextWindow: 30_000 }],
    ]);
  });

  it('applies what another replica learned without reporting it back', () => {
    const reported: string[] = [];
    const learned = new LearnedAdjustments({ onLearn: (model) => reported.push(model) });
    expect(learned.apply('m', { factorBoost: 1.4, contextWindow: 20_000 })).toBe(true);
    expect(learned.apply('m', { factorBoost: 1.4, contextWindow: 20_000 })).toBe(false);
    expect(learned.get('m')).toEqual({ factorBoost: 1.4, contextWindow: 20_000 });
    expect(reported).toEqual([]);
    // A local lesson that adds nothing to what was applied is not reported either.
    learned.learn('m', { factorBoost: 1.2, contextWindow: 25_000 });
    expect(reported).toEqual([]);
  });

  it('ignores values that cannot be corrections', () => {
    const learned = new LearnedAdjustments();
    expect(learned.apply('m', { factorBoost: Number.NaN, contextWindow: -5 })).toBe(false);
    expect(learned.apply('m', { factorBoost: 0.5, contextWindow: Infinity })).toBe(false);
    expect(learned.get('m')).toBeUndefined();
    expect(learned.apply('m', { contextWindow: 1000.7 })).toBe(true);
    expect(learned.get('m')).toEqual({ contextWindow: 1000 });
  });

  it('holds at most 256 models', () => {
    const learned = new LearnedAdjustments();
    for (let i = 0; i < 300; i += 1) learned.apply(`model-${i}`, { factorBoost: 1.1 });
    expect(learned.get('model-255')).toBeDefined();
    expect(learned.get('model-256')).toBeUndefined();
    expect(learned.get('model-299')).toBeUndefined();
  });
});
