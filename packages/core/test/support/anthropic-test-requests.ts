// Shared by this folder's socket-free tests: requests to the fake and readers of its answers.

export const KEY = 'sk-ant-test';

/** A POST to the fake, with the headers Claude Code sends unless `headers` says otherwise. */
export function anthropicPost(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://fake.local${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': KEY, 'anthropic-version': '2023-06-01', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads a whole SSE body into its events (the `event:` line and the parsed `data:`). */
export async function readEvents(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(frame)?.[1] ?? '{}';
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** Distinct words, about two tokens each: a text of roughly `2 * count` tokens that no other text shares. */
export function words(count: number, prefix = 'word'): string {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(' ');
}
