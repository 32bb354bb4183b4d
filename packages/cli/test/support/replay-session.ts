import { type ChatMessage, estimateTokens } from '@llm-relay/core';
import type { FakeProvider } from '@llm-relay/core/testing';

/** What one request of the replay sent upstream, as the provider saw it in Chat form. */
export interface SentRequest {
  status: number;
  /** The messages that reached the provider. */
  messages: ChatMessage[];
  promptTokens: number;
  /** The relay's report said it truncated (its `x-llm-relay-context` header is not `stage=none`). */
  truncated: boolean;
}

export interface ReplaySummary {
  requests: number;
  sessionTokens: number;
  rejected: number;
  taskKeptShare: number;
  /** Share of requests whose last 4 client messages reached the provider byte-identical. */
  lastFourIntactShare: number;
  requestsAfterTruncationBegan: number;
  meanPrefixReuse: number;
  medianPrefixReuse: number;
  /** Prompt tokens that repeat the previous request's prefix, over all prompt tokens (after truncation began). */
  weightedPrefixReuse: number;
  cacheBreaks: number;
  meanWindowShare: number;
}

/**
 * Posts one request of a replay through the relay and reads back what the fake provider received.
 * `whole` checks the client's answer (a stream that ended as its protocol says).
 */
export async function sendThroughRelay(relayUrl: string, fake: FakeProvider, path: string, headers: Record<string, string>, body: unknown, whole?: (text: string) => boolean): Promise<SentRequest> {
  const response = await fetch(`${relayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (whole !== undefined && !whole(text)) throw new Error(`${path} answered an incomplete stream: ${text.slice(-200)}`);
  const sent = fake.requests.at(-1)!;
  const truncated = !(response.headers.get('x-llm-relay-context') ?? 'stage=none').startsWith('stage=none');
  return { status: response.status, messages: sent.body.messages, promptTokens: sent.promptTokens, truncated };
}

function sharedPrefixTokens(previous: ChatMessage[], current: ChatMessage[]): number {
  let i = 0;
  while (i < previous.length && i < current.length && JSON.stringify(previous[i]) === JSON.stringify(current[i])) i += 1;
  return i === 0 ? 0 : estimateTokens(current.slice(0, i));
}

const same = (a: ChatMessage | undefined, b: ChatMessage | undefined) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replays a session request by request (each request = the history up to a send point) and measures what
 * the context engine promises: no rejection, the task kept, the newest messages intact, a stable prefix.
 * `send` posts one request through the relay and reports what reached the provider, converted to Chat form.
 */
export async function replaySession(messages: ChatMessage[], sendPoints: number[], window: number, send: (history: ChatMessage[]) => Promise<SentRequest>): Promise<ReplaySummary> {
  const reuse: number[] = [];
  let sharedTokens = 0;
  let promptTokens = 0;
  const windowShare: number[] = [];
  let rejected = 0;
  let taskKept = 0;
  let lastFourIntact = 0;
  let previous: ChatMessage[] | undefined;
  let began = false;
  const task = messages.find((message) => message.role === 'user');

  for (const point of sendPoints) {
    const history = messages.slice(0, point);
    const sent = await send(history);
    if (sent.status !== 200) rejected += 1;
    if (sent.messages.some((message) => same(message, task))) taskKept += 1;
    const tail = history.slice(-4);
    if (tail.every((message, i) => same(message, sent.messages[sent.messages.length - tail.length + i]))) lastFourIntact += 1;
    windowShare.push(sent.promptTokens / window);
    if (sent.truncated) began = true;
    if (began && previous !== undefined) {
      const shared = sharedPrefixTokens(previous, sent.messages);
      reuse.push(shared / sent.promptTokens);
      sharedTokens += shared;
      promptTokens += sent.promptTokens;
    }
    previous = sent.messages;
  }

  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const sorted = [...reuse].sort((a, b) => a - b);
  const round = (value: number) => Number(value.toFixed(3));
  return {
    requests: sendPoints.length,
    sessionTokens: estimateTokens(messages),
    rejected,
    taskKeptShare: round(taskKept / sendPoints.length),
    lastFourIntactShare: round(lastFourIntact / sendPoints.length),
    requestsAfterTruncationBegan: reuse.length,
    meanPrefixReuse: round(mean(reuse)),
    medianPrefixReuse: round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    weightedPrefixReuse: round(sharedTokens / Math.max(1, promptTokens)),
    cacheBreaks: reuse.filter((share) => share < 0.5).length,
    meanWindowShare: round(mean(windowShare)),
  };
}
