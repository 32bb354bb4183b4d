import type { FakeProvider } from '@llm-relay/core/testing';
import { expect } from 'vitest';
import type { ReplaySummary } from './replay-session.js';

/**
 * What a 300-step replay at a 196,608 window must show through any front door: nothing rejected (by the
 * relay or by the strict fake provider), the task and the newest four messages always intact, and the
 * prefix kept warm once truncation began. Every overflow re-cuts the history (15 of 300 requests), so the
 * mean reuse sits below the median.
 */
export function expectHealthyReplay(summary: ReplaySummary, fake: FakeProvider): void {
  expect(summary.rejected).toBe(0);
  expect(fake.stats.rejected).toBe(0);
  expect(summary.taskKeptShare).toBe(1);
  expect(summary.lastFourIntactShare).toBe(1);
  expect(summary.requestsAfterTruncationBegan).toBeGreaterThan(200);
  expect(summary.meanPrefixReuse).toBeGreaterThanOrEqual(0.88);
  expect(summary.medianPrefixReuse).toBeGreaterThanOrEqual(0.94);
}
