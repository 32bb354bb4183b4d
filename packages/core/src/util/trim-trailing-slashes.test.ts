import { describe, expect, it } from 'vitest';
import { trimTrailingSlashes } from './trim-trailing-slashes.js';

describe('trimTrailingSlashes', () => {
  it.each([
    ['/v1/chat/completions', '/v1/chat/completions'],
    ['/v1/messages///', '/v1/messages'],
    ['///', ''],
    ['', ''],
    [`/${'/'.repeat(100_000)}x`, `/${'/'.repeat(100_000)}x`],
  ])('%#', (path, trimmed) => {
    expect(trimTrailingSlashes(path)).toBe(trimmed);
  });
});
