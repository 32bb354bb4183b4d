// Shared by the core's socket-free tests: the fake provider's handler wired in as `fetch`.
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '../../src/fake-provider/create-fake-provider.js';

export function fakeFetch(fake: FakeProvider): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    const response = await fake.handler(new Request(url, init));
    // A real fetch rejects once its signal aborts; the in-memory provider just returns.
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    return response;
  }) as typeof fetch;
}

/** Several fake providers behind one fetch, told apart by host name. */
export function fakeNetwork(providers: Record<string, FakeProviderOptions>): { fetch: typeof fetch; fakes: Record<string, FakeProvider> } {
  const fakes = Object.fromEntries(Object.entries(providers).map(([host, options]) => [host, createFakeProvider(options)]));
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const fake = fakes[new URL(url).hostname];
    if (fake === undefined) throw new TypeError('fetch failed');
    return fakeFetch(fake)(url, init);
  }) as typeof fetch;
  return { fetch: fetchImpl, fakes };
}

export const chatRequest = (body: unknown, headers: Record<string, string> = {}) =>
  new Request('http://relay.local/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
