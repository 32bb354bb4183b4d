import { Pool } from 'undici';

export const SMALL_BODY = JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] });

/**
 * Sequential requests (concurrency 1) to each target, interleaved in rounds so that a noisy moment of the
 * shared machine hits every target alike. Returns each target's latencies in ms.
 */
export async function sequentialLatency(targets: Record<string, { url: string; headers?: Record<string, string> }>, perTarget: number, rounds: number): Promise<Record<string, number[]>> {
  const pools = Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, new Pool(target.url, { connections: 1 })]));
  const send = async (name: string) => {
    const started = performance.now();
    const { body, statusCode } = await (pools[name] as Pool).request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', ...targets[name]?.headers },
      body: SMALL_BODY,
    });
    await body.arrayBuffer();
    if (statusCode !== 200) throw new Error(`${name} answered ${statusCode}`);
    return performance.now() - started;
  };
  const results: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
  for (const name of Object.keys(targets)) for (let i = 0; i < 200; i += 1) await send(name);
  for (let round = 0; round < rounds; round += 1) {
    for (const name of Object.keys(targets)) {
      for (let i = 0; i < perTarget / rounds; i += 1) results[name]?.push(await send(name));
    }
  }
  await Promise.all(Object.values(pools).map((pool) => pool.close()));
  return results;
}
