import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { MAX_WORKERS, parseWorkerCount } from './worker-count.js';

describe('parseWorkerCount', () => {
  it('reads whole numbers and auto (the cores Node may use)', () => {
    expect(parseWorkerCount('1')).toBe(1);
    expect(parseWorkerCount('3')).toBe(3);
    expect(parseWorkerCount(String(MAX_WORKERS))).toBe(MAX_WORKERS);
    expect(parseWorkerCount('auto')).toBe(availableParallelism());
    expect(parseWorkerCount('AUTO')).toBe(availableParallelism());
  });

  it.each(['0', '-2', '1.5', 'x', '', ' ', '2x', String(MAX_WORKERS + 1)])('refuses %j with a message naming what fits', (value) => {
    expect(() => parseWorkerCount(value)).toThrow(InvalidArgumentError);
    expect(() => parseWorkerCount(value)).toThrow(/from 1 to 64, or auto/);
  });
});
