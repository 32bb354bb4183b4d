import type { ToolCall, Usage } from '../types/chat.js';

/** Why an answer ended, in Chat's words. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** A whole answer in the relay's internal form (an OpenAI `chat.completion`), as the upstream codecs decode it. */
export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [{ index: 0; message: ChatCompletionMessage; finish_reason: ChatFinishReason; logprobs: null }];
  usage: Usage;
}

export interface ChatCompletionMessage {
  role: 'assistant';
  /** null when the answer is only tool calls, as OpenAI sends it. */
  content: string | null;
  reasoning_content?: string;
  /** Reasoning the provider handed back encrypted, to be carried to its next turn (see encrypted-reasoning.ts). */
  reasoning_details?: Record<string, unknown>[];
  tool_calls?: ToolCall[];
}
