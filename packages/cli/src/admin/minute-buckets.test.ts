import { describe, expect, it } from 'vitest';
import { MinuteBuckets, type MinuteSample } from './minute-buckets.js';

const sample = (at: number, extra: Partial<MinuteSample> = {}): MinuteSample => ({
  at,
  model: 'm',
  upstream: 'u',
  key: 'k',
  error: false,
  promptTokens: 100,
  completionTokens: 10,
  cachedTokens: 50,
  durationMs: 10,
  ttfbMs: 5,
  ...extra,
});
const T = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);

describe('MinuteBuckets', () => {
  it('sums each minute of the last hour, by model, upstream and key', () => {
    const buckets = new MinuteBuckets();
    buckets.add(sample(T));
    buckets.add(sample(T + 1_000, { model: 'n', error: true, durationMs: 30 }));
    buckets.add(sample(T + 60_000, { key: 'other-key' }));
    const hour = buckets.summary(T + 61_000);
    expect(hour.minutes).toHaveLength(60);
    expect(hour.minutes.at(-2)).toMatchObject({ t: T, requests: 2, errors: 1, promptTokens: 200 });
    expect(hour.minutes.at(-1)).toMatchObject({ requests: 1, requestsBy: { key: { 'other-key': 1 } } });
    expect(hour.minutes.at(-2)?.requestsBy?.model).toEqual({ m: 1, n: 1 });
    expect(hour.totals).toMatchObject({ requests: 3, errors: 1, cachedShare: 0.5 });
    expect(hour.byModel.map((row) => [row.name, row.requests])).toEqual([
      ['m', 2],
      ['n', 1],
    ]);
    expect(hour.byKey.map((row) => row.name).sort()).toEqual(['k', 'other-key']);
  });

  it('forgets minutes older than an hour', () => {
    const buckets = new MinuteBuckets();
    buckets.add(sample(T));
    expect(buckets.summary(T + 60 * 60_000).totals.requests).toBe(0);
    expect(buckets.summary(T + 59 * 60_000).totals.requests).toBe(1);
  });

  it('computes percentiles from a bounded sample, and bounds the names kept per minute', () => {
    const buckets = new MinuteBuckets(60, 100, 4);
    for (let i = 1; i <= 1_000; i += 1) buckets.add(sample(T, { durationMs: i, model: `model-${i}` }));
    const hour = buckets.summary(T);
    expect(hour.totals.latencyP50).toBeGreaterThan(300);
    expect(hour.totals.latencyP50).toBeLessThan(700);
    expect(hour.byModel).toHaveLength(4);
    expect(hour.byModel[0]).toMatchObject({ name: '(other)', requests: 997 });
  });
});
