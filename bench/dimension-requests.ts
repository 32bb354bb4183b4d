// Requests that grow in one dimension at a time, written once in a neutral form and then in each front
// door's wire protocol, so every door is measured on the same conversation.

export type Door = 'chat' | 'messages' | 'responses';

export const DOOR_PATHS: Record<Door, string> = { chat: '/v1/chat/completions', messages: '/v1/messages', responses: '/v1/responses' };

export interface Call {
  id: string;
  name: string;
  /** The arguments as the JSON text a model wrote. */
  args: string;
}

export type Item = { kind: 'text'; role: 'user' | 'assistant'; parts: string[] } | { kind: 'calls'; calls: Call[] } | { kind: 'results'; results: { id: string; output: string }[] };

export interface Tool {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export interface Conversation {
  items: Item[];
  tools?: Tool[];
  stream?: boolean;
  /** The model the client asks for; each door's usual one by default. */
  model?: string;
}

const text = (role: 'user' | 'assistant', value: string): Item => ({ kind: 'text', role, parts: [value] });

/** `n` short messages, user and assistant in turn, the last one from the user. */
export function manyMessages(n: number): Conversation {
  const items = Array.from({ length: n }, (_, i) => text(i % 2 === 0 || i === n - 1 ? 'user' : 'assistant', `Message ${i}: run the tests again.`));
  return { items };
}

/** One user message of `n` text parts (Anthropic: blocks). */
export function manyParts(n: number): Conversation {
  return { items: [{ kind: 'text', role: 'user', parts: Array.from({ length: n }, (_, i) => `Part ${i} of the file list.`) }] };
}

/** One assistant message making `n` tool calls, then their `n` results. */
export function manyToolCalls(n: number): Conversation {
  const calls = Array.from({ length: n }, (_, i) => ({ id: `call_${i}`, name: 'read', args: `{"path":"src/file_${i}.ts"}` }));
  const results = calls.map((call, i) => ({ id: call.id, output: `export const value${i} = ${i};` }));
  return { items: [text('user', 'Read every file.'), { kind: 'calls', calls }, { kind: 'results', results }], tools: [readTool] };
}

/** `n` tools offered, each with a small schema, on a one-line conversation. */
export function manyTools(n: number): Conversation {
  const tools = Array.from({ length: n }, (_, i) => ({ ...readTool, name: `tool_${i}`, description: `Tool number ${i}: reads a file.` }));
  return { items: [text('user', 'Hello')], tools };
}

/** One tool whose schema has `n` property schemas, ten to an object, level by level. */
export function bigSchema(n: number): Conversation {
  const root: Record<string, unknown> = { type: 'object', properties: {} };
  const objects = [root];
  for (let i = 0; i < n; i += 1) {
    const child = { type: 'object', description: `Field ${i}.`, properties: {} };
    (objects[Math.floor(i / 10)] as { properties: Record<string, unknown> }).properties[`field_${i}`] = child;
    objects.push(child);
  }
  return { items: [text('user', 'Hello')], tools: [{ name: 'configure', description: 'Writes the configuration.', schema: root }] };
}

/** About `bytes` of file text: code lines with quotes and newlines, which JSON escapes. */
export function fileText(bytes: number): string {
  const line = 'export const greeting = "hello, world"; // a line of code\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** One tool call whose argument string is about `bytes` long, and its short result. */
export function bigArguments(bytes: number): Conversation {
  const call = { id: 'call_1', name: 'write', args: JSON.stringify({ path: 'src/big.ts', content: fileText(bytes) }) };
  return { items: [text('user', 'Write the file.'), { kind: 'calls', calls: [call] }, { kind: 'results', results: [{ id: 'call_1', output: 'written' }] }], tools: [writeTool] };
}

/** A one-line question, streamed or not, offering the write and read tools (the answer is what grows). */
export function question(stream: boolean): Conversation {
  return { items: [text('user', 'Write the file.')], tools: [writeTool, readTool], stream };
}

const readTool: Tool = {
  name: 'read',
  description: 'Reads a file.',
  schema: { type: 'object', properties: { path: { type: 'string', description: 'The path of the file.' } }, required: ['path'] },
};

const writeTool: Tool = {
  name: 'write',
  description: 'Writes a file.',
  schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
};

/** The conversation as a request body of `door`'s protocol. */
export function requestBody(door: Door, conversation: Conversation): Record<string, unknown> {
  const { tools, stream = false, model } = conversation;
  if (door === 'chat') {
    return {
      model: model ?? 'gpt-4',
      max_tokens: 1_024,
      stream,
      messages: conversation.items.flatMap(chatMessages),
      ...(tools === undefined ? {} : { tools: tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.schema } })) }),
    };
  }
  if (door === 'messages') {
    return {
      model: model ?? 'claude-sonnet-4-5',
      max_tokens: 1_024,
      stream,
      messages: conversation.items.map(anthropicMessage),
      ...(tools === undefined ? {} : { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.schema })) }),
    };
  }
  return {
    model: model ?? 'gpt-5-codex',
    max_output_tokens: 1_024,
    store: false,
    stream,
    input: conversation.items.flatMap(responsesItems),
    ...(tools === undefined ? {} : { tools: tools.map((tool) => ({ type: 'function', name: tool.name, description: tool.description, parameters: tool.schema })) }),
  };
}

function chatMessages(item: Item): unknown[] {
  if (item.kind === 'text') return [{ role: item.role, content: item.parts.length === 1 ? item.parts[0] : item.parts.map((part) => ({ type: 'text', text: part })) }];
  if (item.kind === 'calls')
    return [{ role: 'assistant', content: null, tool_calls: item.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } })) }];
  return item.results.map((result) => ({ role: 'tool', tool_call_id: result.id, content: result.output }));
}

function anthropicMessage(item: Item): unknown {
  if (item.kind === 'text') return { role: item.role, content: item.parts.length === 1 ? item.parts[0] : item.parts.map((part) => ({ type: 'text', text: part })) };
  if (item.kind === 'calls') return { role: 'assistant', content: item.calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.args) as unknown })) };
  return { role: 'user', content: item.results.map((result) => ({ type: 'tool_result', tool_use_id: result.id, content: result.output })) };
}

function responsesItems(item: Item): unknown[] {
  if (item.kind === 'text') {
    const type = item.role === 'user' ? 'input_text' : 'output_text';
    const content = item.role === 'user' && item.parts.length === 1 ? item.parts[0] : item.parts.map((part) => ({ type, text: part }));
    return [{ type: 'message', role: item.role, content }];
  }
  if (item.kind === 'calls') return item.calls.map((call) => ({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.args }));
  return item.results.map((result) => ({ type: 'function_call_output', call_id: result.id, output: result.output }));
}
