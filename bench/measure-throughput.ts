import autocannon from 'autocannon';
import { SMALL_BODY } from './measure-latency.js';

/** Requests per second against one target with `connections` open connections, for `seconds`. */
export async function throughput(url: string, connections: number, seconds: number, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: SMALL_BODY,
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result.requests.average;
}
