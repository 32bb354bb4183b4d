import type { TokenCountRoute } from '../front-door.js';

/** POST /v1/messages/count_tokens: `{"input_tokens": n}` both ways. */
export const messagesTokenCount: TokenCountRoute = {
  path: '/messages/count_tokens',
  answer: (inputTokens) => ({ input_tokens: inputTokens }),
  addTokens: (answer, tokens) => {
    const count = typeof answer === 'object' && answer !== null ? (answer as { input_tokens?: unknown }).input_tokens : undefined;
    return typeof count === 'number' ? { ...(answer as object), input_tokens: count + tokens } : undefined;
  },
};
