import { Pool } from 'undici';

export const SMALL_BODY = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });

export interface Target {
  url: string;
  headers?: Record<string, string>;
}

/**
 * Sequential requests (concurrency 1) to each target, in `passes` alternated passes (A B C D A B C D) of
 * `perPass` requests, so that a noisy moment of the shared machine shows up as a spread between passes.
 * A first pass alike warms the client and the targets and is dropped: without it the first measured pass
 * of every target, direct included, runs about twice as slow as the next. Returns each target's latencies
 * in ms, one array per pass.
 */
export async function sequentialLatency(targets: Record<string, Target>, perPass: number, passes: number): Promise<Record<string, number[][]>> {
  const pools = new Map(Object.entries(targets).map(([name, target]) => [name, new Pool(target.url, { connections: 1 })]));
  const send = async (name: string) => {
    const started = performance.now();
    const { body, statusCode } = await (pools.get(name) as Pool).request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...targets[name]?.headers },
      body: SMALL_BODY,
    });
    await body.arrayBuffer();
    if (statusCode !== 200) throw new Error(`${name} answered ${statusCode}`);
    return performance.now() - started;
  };
  const results: Record<string, number[][]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (let pass = -1; pass < passes; pass += 1) {
    for (const name of Object.keys(targets)) {
      const times: number[] = [];
      for (let i = 0; i < perPass; i += 1) times.push(await send(name));
      if (pass >= 0) results[name]?.push(times);
    }
  }
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  return results;
}
