/**
 * V8's young generation for a relay holding many streams: 32 MB semi-spaces instead of Node 20's 16 MB.
 * Each open stream keeps short-lived objects (chunks, events, promises) that a small young generation
 * scavenges more often and, worse, promotes into the old generation, whose collections are the long
 * pauses every open stream then waits out. Measured with 2,000 streams through one relay (bench, 6 and 7
 * alternated passes): the median added p99 chunk gap over the floor fell from 16 to 7 ms, memory per
 * stream from 136 to 113 KB. Only at process start does V8 take it: workers get it here, the image by
 * NODE_OPTIONS; anyone's own setting wins.
 */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=32';

/** The flags a worker is forked with: the primary's own, and the young generation unless one is set already. */
export function workerExecArgv(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  // Node reads `_` and `-` alike in V8's flags.
  const set = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((flag) => flag.replaceAll('_', '-').startsWith('--max-semi-space-size'));
  return set ? [...execArgv] : [...execArgv, YOUNG_GENERATION_FLAG];
}
