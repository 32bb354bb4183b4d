import { request } from 'undici';
import { median } from './stats.js';

/** One request per front door, each asking the same question; `marker` is the first content event's text. */
const DOORS = [
  { name: 'chat', path: '/v1/chat/completions', body: { model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] }, marker: /"content":"[^"]/ },
  {
    name: 'messages',
    path: '/v1/messages',
    body: { model: 'claude-sonnet-4-5', max_tokens: 1_000, stream: true, messages: [{ role: 'user', content: 'Hello' }] },
    marker: /event: content_block_delta/,
  },
  { name: 'responses', path: '/v1/responses', body: { model: 'gpt-5-codex', stream: true, input: 'Hello' }, marker: /event: response\.output_text\.delta/ },
] as const;

export type DoorName = (typeof DOORS)[number]['name'];

/** Time until the answer's first content event (not its opening events, which a translating door sends at once). */
async function firstContentMs(url: string, door: (typeof DOORS)[number], headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const { body } = await request(`${url}${door.path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(door.body) });
  let text = '';
  let at = Number.NaN;
  for await (const chunk of body) {
    text += chunk.toString();
    if (Number.isNaN(at) && door.marker.test(text)) at = performance.now() - started;
  }
  if (Number.isNaN(at)) throw new Error(`${door.path} sent no ${door.marker}`);
  return at;
}

/** Median time to the first content event per front door, the doors interleaved request by request. */
export async function frontDoorTimings(url: string, rounds: number, headers: Record<string, string> = {}): Promise<Record<DoorName, number>> {
  const times: Record<DoorName, number[]> = { chat: [], messages: [], responses: [] };
  for (const door of DOORS) await firstContentMs(url, door, headers);
  for (let round = 0; round < rounds; round += 1) for (const door of DOORS) times[door.name].push(await firstContentMs(url, door, headers));
  return { chat: median(times.chat), messages: median(times.messages), responses: median(times.responses) };
}
