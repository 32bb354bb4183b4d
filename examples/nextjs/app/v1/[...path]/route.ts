// app/v1/[...path]/route.ts in a Next.js App Router project: the whole relay is this file.
// It serves /v1/chat/completions, /v1/models and /v1/health from the Next.js server.
import { createRelayHandler } from '@llm-relay/core';

const handler = createRelayHandler({
  upstream: { baseURL: process.env.LLM_PROVIDER_URL ?? 'https://api.together.xyz', apiKey: process.env.LLM_PROVIDER_KEY },
  models: { defaultModel: process.env.LLM_MODEL ?? 'MiniMaxAI/MiniMax-M2.5' },
});

export const GET = handler;
export const POST = handler;
// The core uses Web APIs only, so 'edge' works as well; 'nodejs' allows long streams without edge time limits.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
