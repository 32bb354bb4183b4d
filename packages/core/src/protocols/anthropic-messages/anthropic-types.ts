// The parts of the Anthropic Messages wire format the relay reads or writes. Fields it does not use stay
// reachable through the index signatures, so a request survives validation untouched.

export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface TextBlock {
  type: 'text';
  text: string;
  cache_control?: CacheControl | null;
  [key: string]: unknown;
}

export type ImageSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

export interface ImageBlock {
  type: 'image';
  source: ImageSource;
  cache_control?: CacheControl | null;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  cache_control?: CacheControl | null;
}

export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | Array<TextBlock | ImageBlock>;
  is_error?: boolean;
  cache_control?: CacheControl | null;
}

export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** Server tool calls and results (`server_tool_use`, `web_search_tool_result`), documents: carried as is. */
export interface OtherBlock {
  type: string;
  [key: string]: unknown;
}

export type ContentBlock = TextBlock | ImageBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock | RedactedThinkingBlock | OtherBlock;

export interface MessageParam {
  /** `system` is not in Anthropic's documentation, but Claude Code sends it mid-conversation. */
  role: 'user' | 'assistant' | 'system';
  content: string | ContentBlock[];
  [key: string]: unknown;
}

export interface CustomTool {
  type?: 'custom';
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: CacheControl | null;
  defer_loading?: boolean;
}

/** Tools Anthropic runs itself (`web_search_20250305`, ...): a versioned `type` and no schema. */
export interface ServerTool {
  type: string;
  name: string;
  [key: string]: unknown;
}

export type Tool = CustomTool | ServerTool;

export type ToolChoice = { type: 'auto' | 'any' | 'none'; disable_parallel_tool_use?: boolean } | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean };

export interface MessagesRequest {
  model: string;
  messages: MessageParam[];
  system?: string | TextBlock[];
  /** Absent in `count_tokens` requests. */
  max_tokens?: number;
  tools?: Tool[];
  tool_choice?: ToolChoice;
  stream?: boolean;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  [key: string]: unknown;
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface MessagesUsage {
  /** Prompt tokens not read from the cache. */
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type ResponseBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | RedactedThinkingBlock
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface MessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ResponseBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  usage: MessagesUsage;
}
