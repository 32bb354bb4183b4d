// The upstream of the dimension bench: answers from memory, in each upstream API's wire format, so what a
// timing shows is the relay's own work. Answers are encoded before the clock starts.
import type { UpstreamApi, UpstreamFetch, UpstreamResponse } from '../packages/core/src/index.js';
import { fileText } from './dimension-requests.js';

export type Answer = { kind: 'json'; text: string } | { kind: 'sse'; pieces: Uint8Array[] };

/** What the upstream answers next, set by the bench before each request. */
export interface UpstreamScript {
  answer: Answer;
  /** Extra response headers (the upstream-header dimension). */
  headers: [string, string][];
}

/** An upstream `fetch` answering `script.answer` at once; a whole answer skips the Web stream a `Response` builds. */
export function scriptedFetch(script: UpstreamScript): UpstreamFetch {
  return async (_url, init): Promise<UpstreamResponse> => {
    // The relay serialised the whole body: touch it so nothing lazy is left undone.
    if (init.body.length === 0) throw new Error('empty upstream body');
    const { answer } = script;
    if (answer.kind === 'json') {
      const headers = new Headers(script.headers);
      headers.set('content-type', 'application/json');
      return { status: 200, ok: true, headers, body: null, text: async () => answer.text };
    }
    const headers = new Headers(script.headers);
    headers.set('content-type', 'text/event-stream');
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = answer.pieces[next++];
        if (piece === undefined) controller.close();
        else controller.enqueue(piece);
      },
    });
    return new Response(body, { status: 200, headers });
  };
}

// Network reads: several events to a read, as a socket delivers them.
const PIECE_BYTES = 16 * 1_024;
const encoder = new TextEncoder();

function pieces(events: string[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pending = '';
  for (const event of events) {
    pending += event;
    if (pending.length >= PIECE_BYTES) {
      out.push(encoder.encode(pending));
      pending = '';
    }
  }
  if (pending !== '') out.push(encoder.encode(pending));
  return out;
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const named = (type: string, value: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`;

/**
 * The answer's growing part: `n` text deltas, one tool call's arguments in `n` deltas, or `n` tool calls
 * one after another (Chat: with their `index`, or without it as some servers send them, each call whole).
 */
export type StreamShape = { kind: 'text' | 'arguments' | 'calls' | 'calls without index' | 'arguments in one event'; n: number };

/** `n` deltas that together make the text, or the arguments `{"path":"a.ts","content":"…"}` (in one delta of about `n` bytes). */
function deltas(shape: StreamShape): string[] {
  if (shape.kind === 'text') return Array.from({ length: shape.n }, (_, i) => `word${i % 100} `);
  if (shape.kind === 'arguments in one event') return [JSON.stringify({ path: 'a.ts', content: fileText(shape.n) })];
  const middle = Array.from({ length: Math.max(0, shape.n - 2) }, (_, i) => `line ${i % 100}\\n`);
  return ['{"path":"a.ts","content":"', ...middle, '"}'];
}

const callArguments = (i: number) => `{"path":"src/file_${i}.ts"}`;

function chatEvents(shape: StreamShape): string[] {
  const chunk = (delta: unknown, finish: string | null = null) => data({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
  const events = [chunk({ role: 'assistant', content: shape.kind === 'text' ? '' : null })];
  if (shape.kind === 'text') for (const part of deltas(shape)) events.push(chunk({ content: part }));
  if (shape.kind === 'arguments' || shape.kind === 'arguments in one event') {
    events.push(chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'write', arguments: '' } }] }));
    for (const part of deltas(shape)) events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
  }
  for (let i = 0; shape.kind === 'calls' && i < shape.n; i += 1) {
    events.push(chunk({ tool_calls: [{ index: i, id: `call_${i}`, type: 'function', function: { name: 'read', arguments: '' } }] }));
    events.push(chunk({ tool_calls: [{ index: i, function: { arguments: callArguments(i) } }] }));
  }
  for (let i = 0; shape.kind === 'calls without index' && i < shape.n; i += 1) {
    events.push(chunk({ tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: 'read', arguments: callArguments(i) } }] }));
  }
  events.push(chunk({}, shape.kind === 'text' ? 'stop' : 'tool_calls'));
  events.push(data({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [], usage: { prompt_tokens: 10, completion_tokens: shape.n, total_tokens: 10 + shape.n } }));
  events.push('data: [DONE]\n\n');
  return events;
}

function anthropicEvents(shape: StreamShape): string[] {
  const events = [
    named('message_start', {
      message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
    }),
  ];
  const block = (index: number, start: unknown, pieces: string[]) => {
    events.push(named('content_block_start', { index, content_block: start }));
    for (const piece of pieces) {
      const delta = shape.kind === 'text' ? { type: 'text_delta', text: piece } : { type: 'input_json_delta', partial_json: piece };
      events.push(named('content_block_delta', { index, delta }));
    }
    events.push(named('content_block_stop', { index }));
  };
  if (shape.kind === 'text') block(0, { type: 'text', text: '' }, deltas(shape));
  else if (shape.kind === 'arguments' || shape.kind === 'arguments in one event') block(0, { type: 'tool_use', id: 'toolu_1', name: 'write', input: {} }, deltas(shape));
  else for (let i = 0; i < shape.n; i += 1) block(i, { type: 'tool_use', id: `toolu_${i}`, name: 'read', input: {} }, [callArguments(i)]);
  events.push(named('message_delta', { delta: { stop_reason: shape.kind === 'text' ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: shape.n } }));
  events.push(named('message_stop', {}));
  return events;
}

function responsesEvents(shape: StreamShape): string[] {
  const response = { id: 'resp_1', object: 'response', created_at: 0, status: 'in_progress', model: 'm', output: [] };
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>) => named(type, { sequence_number: sequence++, ...fields });
  const events = [event('response.created', { response })];
  const item = (index: number, added: Record<string, unknown>, pieces: string[]) => {
    events.push(event('response.output_item.added', { output_index: index, item: added }));
    for (const piece of pieces) {
      const delta = { item_id: added.id, output_index: index, delta: piece };
      events.push(shape.kind === 'text' ? event('response.output_text.delta', { ...delta, content_index: 0 }) : event('response.function_call_arguments.delta', delta));
    }
    events.push(event('response.output_item.done', { output_index: index, item: { ...added, status: 'completed' } }));
  };
  const call = (i: number, name: string) => ({ id: `fc_${i}`, type: 'function_call', status: 'in_progress', call_id: `call_${i}`, name, arguments: '' });
  if (shape.kind === 'text') item(0, { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] }, deltas(shape));
  else if (shape.kind === 'arguments' || shape.kind === 'arguments in one event') item(0, call(0, 'write'), deltas(shape));
  else for (let i = 0; i < shape.n; i += 1) item(i, call(i, 'read'), [callArguments(i)]);
  const usage = { input_tokens: 10, output_tokens: shape.n, total_tokens: 10 + shape.n };
  events.push(event('response.completed', { response: { ...response, status: 'completed', usage } }));
  return events;
}

/** A streamed answer in `api`'s event format. */
export function streamAnswer(api: UpstreamApi, shape: StreamShape): Answer {
  return { kind: 'sse', pieces: pieces(api === 'chat' ? chatEvents(shape) : api === 'anthropic' ? anthropicEvents(shape) : responsesEvents(shape)) };
}

/** What a whole answer holds: a short text, one tool call with about `argumentBytes` of arguments, or `calls` short tool calls. */
export type WholeShape = { argumentBytes?: number; calls?: number };

/** A whole answer in `api`'s format. */
export function wholeAnswer(api: UpstreamApi, shape: WholeShape = {}): Answer {
  const calls =
    shape.argumentBytes !== undefined
      ? [{ id: 'call_1', name: 'write', args: JSON.stringify({ path: 'src/big.ts', content: fileText(shape.argumentBytes) }) }]
      : Array.from({ length: shape.calls ?? 0 }, (_, i) => ({ id: `call_${i}`, name: 'read', args: callArguments(i) }));
  const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
  if (api === 'chat') {
    const message =
      calls.length === 0
        ? { role: 'assistant', content: 'ok' }
        : { role: 'assistant', content: null, tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } })) };
    const choice = { index: 0, message, finish_reason: calls.length === 0 ? 'stop' : 'tool_calls' };
    return { kind: 'json', text: JSON.stringify({ id: 'c1', object: 'chat.completion', created: 0, model: 'm', choices: [choice], usage }) };
  }
  if (api === 'anthropic') {
    const content = calls.length === 0 ? [{ type: 'text', text: 'ok' }] : calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: JSON.parse(call.args) as unknown }));
    const stop = calls.length === 0 ? 'end_turn' : 'tool_use';
    return {
      kind: 'json',
      text: JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } }),
    };
  }
  const output =
    calls.length === 0
      ? [{ id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }]
      : calls.map((call, i) => ({ id: `fc_${i}`, type: 'function_call', status: 'completed', call_id: call.id, name: call.name, arguments: call.args }));
  return {
    kind: 'json',
    text: JSON.stringify({ id: 'resp_1', object: 'response', created_at: 0, status: 'completed', model: 'm', output, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } }),
  };
}
