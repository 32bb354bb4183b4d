import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';

/** More processes than this is a typo, not a plan: each worker holds a whole relay (~60 MB). */
export const MAX_WORKERS = 64;

/**
 * `--workers <n>`: a whole number from 1 to {@link MAX_WORKERS}, or `auto` for one per core.
 *
 * @example parseWorkerCount('auto') // 8 on an 8-core machine
 */
export function parseWorkerCount(value: string): number {
  if (value.trim().toLowerCase() === 'auto') return availableParallelism();
  const count = Number(value);
  if (value.trim() === '' || !Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
    throw new InvalidArgumentError(`expected a number of processes from 1 to ${MAX_WORKERS}, or auto (one per core: ${availableParallelism()} here), got "${value}"`);
  }
  return count;
}
