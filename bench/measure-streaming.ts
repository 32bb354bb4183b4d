import { request } from 'undici';
import { mean } from './stats.js';

const STREAM_BODY = JSON.stringify({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] });

export interface StreamTiming {
  ttfbMs: number;
  meanGapMs: number;
  chunks: number;
}

/** One streamed answer: time to its first body byte, and the mean gap between the chunks that follow. */
export async function streamOnce(url: string, headers: Record<string, string> = {}): Promise<StreamTiming> {
  const started = performance.now();
  const { body, statusCode } = await request(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: STREAM_BODY });
  const times: number[] = [];
  for await (const _chunk of body) times.push(performance.now());
  if (statusCode !== 200) throw new Error(`${url} answered ${statusCode} to a stream`);
  const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
  return { ttfbMs: (times[0] as number) - started, meanGapMs: mean(gaps), chunks: times.length };
}

/** `concurrent` streams at once, `rounds` times. */
export async function streamTimings(url: string, concurrent: number, rounds: number, headers: Record<string, string> = {}): Promise<StreamTiming[]> {
  const timings: StreamTiming[] = [];
  for (let round = 0; round < rounds; round += 1) timings.push(...(await Promise.all(Array.from({ length: concurrent }, () => streamOnce(url, headers)))));
  return timings;
}

/**
 * Time to the first body byte of `count` streams one after another, each read to its end so that the
 * connections (client to target, and target to its upstream) are reused as in real use.
 */
export async function sequentialTtfb(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push((await streamOnce(url, headers)).ttfbMs);
  return times;
}
