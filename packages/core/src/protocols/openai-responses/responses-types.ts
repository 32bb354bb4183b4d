// The OpenAI Responses wire shapes the relay reads and writes: what Codex CLI sends, and what it and the
// openai SDK expect back. Only the fields the relay looks at are typed; the rest ride along as `unknown`.

export interface InputText {
  type: 'input_text' | 'output_text';
  text: string;
}

export interface InputImage {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: 'low' | 'high' | 'auto' | 'original';
}

export interface Refusal {
  type: 'refusal';
  refusal: string;
}

/** input_file, input_audio and whatever comes next: validated as objects with a `type`, then dropped. */
export interface OtherInputPart {
  type: string;
  [key: string]: unknown;
}

export type InputPart = InputText | InputImage | Refusal | OtherInputPart;

export interface MessageItem {
  type?: 'message';
  id?: string;
  role: 'developer' | 'system' | 'user' | 'assistant';
  content: string | InputPart[];
  [key: string]: unknown;
}

export interface FunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  namespace?: string;
  [key: string]: unknown;
}

/** A tool's answer: a string, or text and image parts. */
export type ToolOutput = string | InputPart[];

export interface FunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: ToolOutput;
  [key: string]: unknown;
}

export interface CustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  input: string;
  namespace?: string;
  [key: string]: unknown;
}

export interface CustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: ToolOutput;
  [key: string]: unknown;
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface ReasoningText {
  type: 'reasoning_text';
  text: string;
}

export interface ReasoningItem {
  type: 'reasoning';
  id?: string;
  summary?: SummaryText[];
  content?: ReasoningText[] | null;
  encrypted_content?: string | null;
  [key: string]: unknown;
}

/** Hosted-tool calls (web_search_call, ...) and other items with no Chat equivalent: dropped on conversion. */
export interface OtherItem {
  type: string;
  [key: string]: unknown;
}

export type InputItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | CustomToolCallItem | CustomToolCallOutputItem | ReasoningItem | OtherItem;

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: unknown;
  strict?: boolean | null;
  [key: string]: unknown;
}

export interface CustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: { type: 'text' } | { type: 'grammar'; syntax: string; definition: string };
  [key: string]: unknown;
}

/** A group of tools the model calls as `name` inside `namespace` (Codex: `multi_agent_v1`). */
export interface NamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: (FunctionTool | CustomTool)[];
  [key: string]: unknown;
}

/** web_search, file_search, local_shell, ...: hosted by OpenAI, so there is nothing to send a Chat provider. */
export interface HostedTool {
  type: string;
  [key: string]: unknown;
}

export type ResponsesTool = FunctionTool | CustomTool | NamespaceTool | HostedTool;

export type ResponsesToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function' | 'custom'; name: string; namespace?: string }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: unknown[] }
  | { type: string; [key: string]: unknown };

export interface ResponsesRequest {
  model?: string;
  input: string | InputItem[];
  instructions?: string | null;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number | null;
  reasoning?: { effort?: string | null; summary?: string | null; [key: string]: unknown } | null;
  temperature?: number | null;
  top_p?: number | null;
  stream?: boolean;
  store?: boolean;
  include?: string[];
  prompt_cache_key?: string;
  previous_response_id?: string | null;
  text?: unknown;
  metadata?: Record<string, string> | null;
  [key: string]: unknown;
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
}

export interface OutputMessage {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}

export interface OutputReasoning {
  type: 'reasoning';
  id: string;
  summary: SummaryText[];
}

export interface OutputFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export interface OutputCustomToolCall {
  type: 'custom_tool_call';
  id: string;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

export type OutputItem = OutputReasoning | OutputMessage | OutputFunctionCall | OutputCustomToolCall;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The `response` object: the whole answer, and the payload of response.created/completed/failed events. */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: null;
  reasoning: { effort: string | null; summary: string | null };
  store: false;
  temperature: number | null;
  text: unknown;
  tool_choice: unknown;
  tools: unknown[];
  top_p: number | null;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
  metadata: Record<string, string>;
}
