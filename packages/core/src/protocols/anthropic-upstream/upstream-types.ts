// The Messages request the relay builds for an Anthropic upstream: narrower than the wire type it extends,
// because the relay writes every content as a block array (a cache breakpoint needs a block to sit on).
import type { CustomTool, ImageBlock, MessagesRequest, TextBlock, ToolChoice, ToolResultBlock, ToolUseBlock } from '../anthropic-messages/anthropic-types.js';

export type UserBlock = TextBlock | ImageBlock | ToolResultBlock;
export type AssistantBlock = TextBlock | ToolUseBlock;

export type UpstreamMessage = { role: 'user'; content: UserBlock[] } | { role: 'assistant'; content: AssistantBlock[] };

export interface ThinkingConfig {
  type: 'enabled';
  budget_tokens: number;
}

export interface UpstreamMessagesRequest extends MessagesRequest {
  model: string;
  max_tokens: number;
  system?: TextBlock[];
  messages: UpstreamMessage[];
  tools?: CustomTool[];
  tool_choice?: ToolChoice;
  thinking?: ThinkingConfig;
  metadata?: { user_id: string };
}

/** Text of a user turn that must exist but has nothing to say (first message must be user; an empty turn). */
export const CONTINUE_PLACEHOLDER = '[conversation continues]';
