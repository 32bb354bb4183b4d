import { sseErrorEvent } from '../../sse/sse-error-event.js';
import type { StreamWriter } from '../../sse/stream-writer.js';

/**
 * Chat chunks as a Chat SSE body, ending in `[DONE]`; a failure is a `data: {"error": ...}` event as OpenAI
 * sends. Without `includeUsage` the usage is left out, as the client asked.
 */
export function chatStreamWriter(includeUsage: boolean): StreamWriter {
  return {
    start: () => '',
    push(chunk) {
      if (includeUsage || chunk === null || typeof chunk !== 'object' || !('usage' in chunk)) return `data: ${JSON.stringify(chunk)}\n\n`;
      const { usage: _usage, ...rest } = chunk as Record<string, unknown>;
      // A usage-only chunk is the relay's own asking: nothing of it is left to send.
      return Array.isArray(rest.choices) && rest.choices.length === 0 ? '' : `data: ${JSON.stringify(rest)}\n\n`;
    },
    finish: () => 'data: [DONE]\n\n',
    fail: sseErrorEvent,
  };
}
