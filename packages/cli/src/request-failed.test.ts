import { describe, expect, it } from 'vitest';
import { requestFailed } from './request-failed.js';

describe('requestFailed', () => {
  it('counts an error status and a stream that did not end whole, never a whole answer', () => {
    expect(requestFailed({ status: 200 })).toBe(false);
    expect(requestFailed({ status: 200, outcome: 'completed' })).toBe(false);
    expect(requestFailed({ status: 429 })).toBe(true);
    expect(requestFailed({ status: 200, outcome: 'interrupted' })).toBe(true);
    expect(requestFailed({ status: 200, outcome: 'client_cancelled' })).toBe(true);
  });
});
