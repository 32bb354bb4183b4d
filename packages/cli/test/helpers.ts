import { Writable } from 'node:stream';
import { createFakeProvider, type FakeProvider, type FakeProviderOptions } from '@llm-relay/core/testing';
import { type RelayServerConfig, type RunningRelay, type RunningServer, serveHandler, startRelay } from 'llm-relay';

export const PROVIDER_KEY = 'sk-test-provider-key-that-must-never-leak-123456';

export interface TestRig {
  fake: FakeProvider;
  fakeServer: RunningServer;
  relay: RunningRelay;
  logs: string[];
  stop(): Promise<void>;
}

/** The fake provider and the relay, each on a real port 0 on loopback, with log lines captured. */
export async function startRig(fakeOptions: FakeProviderOptions = {}, relayConfig: Partial<RelayServerConfig> = {}): Promise<TestRig> {
  const fake = createFakeProvider({ apiKey: PROVIDER_KEY, ...fakeOptions });
  const fakeServer = await serveHandler(fake.handler, { port: 0 });
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(
        ...String(chunk)
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const relay = await startRelay({
    port: 0,
    upstreamUrl: fakeServer.url,
    upstreamKey: PROVIDER_KEY,
    model: 'fake-model',
    logDestination,
    ...relayConfig,
  });
  return {
    fake,
    fakeServer,
    relay,
    logs,
    async stop() {
      await relay.stop(0);
      await fakeServer.close(0);
    },
  };
}

export async function waitFor(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
