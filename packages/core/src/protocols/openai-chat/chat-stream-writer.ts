import { sseErrorEvent } from '../../sse/sse-error-event.js';
import type { StreamWriter } from '../../sse/stream-writer.js';
import { withoutUsage } from '../../sse/without-usage.js';

/**
 * Chat chunks as a Chat SSE body, ending in `[DONE]`; a failure is a `data: {"error": ...}` event as OpenAI
 * sends. Without `includeUsage` the usage is left out, as the client asked.
 */
export function chatStreamWriter(includeUsage: boolean): StreamWriter {
  return {
    start: () => '',
    push(chunk) {
      if (includeUsage || chunk === null || typeof chunk !== 'object' || !('usage' in chunk)) return `data: ${JSON.stringify(chunk)}\n\n`;
      const rest = withoutUsage(chunk as Record<string, unknown>);
      return rest === undefined ? '' : `data: ${JSON.stringify(rest)}\n\n`;
    },
    finish: () => 'data: [DONE]\n\n',
    fail: sseErrorEvent,
  };
}
