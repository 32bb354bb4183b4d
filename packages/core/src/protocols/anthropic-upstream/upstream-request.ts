import type { ChatRequest } from '../../types/chat.js';
import { placeCacheBreakpoints } from './cache-breakpoints.js';
import { taskMessageIndex } from './task-message-index.js';
import { toMessagesRequest } from './to-messages-request.js';

/**
 * The body an Anthropic upstream gets for a request in the relay's Chat form (already fitted by the
 * context engine): converted to Messages, then cache breakpoints placed so the prefix that survives the
 * cut is read from Anthropic's cache (see `placeCacheBreakpoints`).
 *
 * @example anthropicUpstreamBody(fitted, { model: 'claude-sonnet-4-5', maxOutputTokens: 32_000 })
 */
export function anthropicUpstreamBody(chat: ChatRequest, options: { model: string; maxOutputTokens: number; thinkingModels?: boolean }): unknown {
  const request = toMessagesRequest(chat, options);
  return placeCacheBreakpoints(request, { taskMessageIndex: taskMessageIndex(request.messages) });
}
