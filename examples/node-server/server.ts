// A plain Node server embedding the relay: the core handler plus the CLI's node:http adapter.
import { createServer, type Server } from 'node:http';
import { createRelayHandler } from '@llm-relay/core';
import { nodeListener } from 'llm-relay';

export function createRelayServer(upstreamUrl: string, apiKey: string | undefined): Server {
  const handler = createRelayHandler({
    upstream: { baseURL: upstreamUrl, apiKey },
    models: { defaultModel: 'fake-model', aliases: { 'gpt-4*': 'fake-model' } },
    // Your own bookkeeping goes here; the CLI logs this record as one JSON line.
    onRequestEnd: (record) => {
      if (record.status >= 500) console.error(`relay error ${record.status}: ${record.error}`);
    },
  });
  return createServer(nodeListener(handler));
}

// `node --import tsx examples/node-server/server.ts`
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.RELAY_PORT ?? 8080);
  createRelayServer(process.env.LLM_PROVIDER_URL ?? 'https://api.together.xyz', process.env.LLM_PROVIDER_KEY).listen(port, '127.0.0.1', () => {
    console.error(`relay on http://127.0.0.1:${port}`);
  });
}
