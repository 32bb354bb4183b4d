import type { Usage } from '../types/chat.js';
import type { ChatFinishReason } from './chat-completion.js';
import type { Fields } from './chat-fields.js';

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: { index: 0; delta: Fields; finish_reason: ChatFinishReason | null; logprobs: null }[];
  usage?: Usage;
}

export interface ChunkIdentity {
  id: string;
  model: string;
  created: number;
  /** Who answered (see `reasoningOrigin`): what the answer hands back to be returned goes back only there. */
  origin?: string;
}

/**
 * One `chat.completion.chunk` with one choice, or with none and the usage (the final chunk OpenAI sends
 * for `stream_options.include_usage`). Keys in OpenAI's order.
 *
 * @example chatChunk({ id: 'chatcmpl-1', model: 'm', created: 0 }, { content: 'Hi' })
 * // { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null, logprobs: null }] }
 */
export function chatChunk(identity: ChunkIdentity, delta: Fields, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
  const { id, model, created } = identity;
  return { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }] };
}

export function usageChunk(identity: ChunkIdentity, usage: Usage): ChatCompletionChunk {
  const { id, model, created } = identity;
  return { id, object: 'chat.completion.chunk', created, model, choices: [], usage };
}
