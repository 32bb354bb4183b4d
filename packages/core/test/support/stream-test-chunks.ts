// Test support: chat completion chunks as providers send them, and a writer run over them.

import { convertTools } from '../../src/protocols/openai-responses/convert-tools.js';
import { ResponsesStreamWriter } from '../../src/protocols/openai-responses/responses-stream-writer.js';
import type { ResponsesTool } from '../../src/protocols/openai-responses/responses-types.js';
import { type CheckedStream, checkResponsesStream } from './check-responses-stream.js';

export const RESPONSE_ID = 'resp_test';

export function delta(fields: Record<string, unknown>, finishReason: string | null = null) {
  return { id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: fields, finish_reason: finishReason }] };
}

export function toolPiece(index: number, fields: { id?: string; name?: string; arguments?: string }) {
  const fn: Record<string, string> = {};
  if (fields.name !== undefined) fn.name = fields.name;
  if (fields.arguments !== undefined) fn.arguments = fields.arguments;
  return delta({ tool_calls: [{ index, ...(fields.id === undefined ? {} : { id: fields.id, type: 'function' }), function: fn }] });
}

export const finishChunk = (reason: string) => delta({}, reason);

export const usageChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: {
    prompt_tokens: 1200,
    completion_tokens: 80,
    total_tokens: 1280,
    prompt_tokens_details: { cached_tokens: 1024 },
    completion_tokens_details: { reasoning_tokens: 30 },
  },
};

export const TOOLS: ResponsesTool[] = [
  { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
  { type: 'function', name: 'view_image', parameters: { type: 'object', properties: { path: { type: 'string' } } } },
  { type: 'custom', name: 'apply_patch', description: 'Apply a patch.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } },
  {
    type: 'namespace',
    name: 'multi_agent_v1',
    description: 'Sub-agents.',
    tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }],
  },
  { type: 'web_search' },
];

export interface RunOptions {
  /** How the stream ends: normally, or failing with this error. */
  fail?: { message: string; code?: string };
  /** Leave out `start()`: push must still begin with response.created. */
  skipStart?: boolean;
}

/** Runs the writer over chunks and checks the stream's rules; returns the checked events. */
export function runWriter(chunks: unknown[], options: RunOptions = {}): CheckedStream & { sse: string } {
  const writer = new ResponsesStreamWriter({ id: RESPONSE_ID, model: 'gpt-5-codex', toolMap: convertTools(TOOLS).toolMap, createdAt: 1_800_000_000 });
  let sse = options.skipStart === true ? '' : writer.start();
  for (const chunk of chunks) sse += writer.push(chunk);
  sse += options.fail === undefined ? writer.finish() : writer.fail(options.fail);
  // Calls after the end change nothing.
  sse += writer.push(delta({ content: 'late' })) + writer.finish() + writer.fail({ message: 'late' });
  return { ...checkResponsesStream(sse), sse };
}
