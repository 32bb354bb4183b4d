import { errorBody } from '../../errors/error-response.js';
import type { RelayError } from '../../errors/relay-error.js';
import type { ChatMessage, ToolCall, Usage } from '../../types/chat.js';
import type { AnswerStreamOptions, NativeRequest } from '../front-door.js';
import { observedNativeStream } from '../observed-native-stream.js';
import type { InputItem, ResponsesRequest } from './responses-types.js';

type Item = InputItem & Record<string, unknown>;

/**
 * Codex to an upstream that speaks Responses itself: the request as received but for the context engine's
 * edits to `input`; the answer passed through as sent. Items of a Chat message the engine kept untouched
 * are forwarded as they came (reasoning with its `encrypted_content` included); items of a dropped message
 * are left out; a capped or cleared message has its text or output replaced in its own items.
 */
export function nativeResponses(request: ResponsesRequest, converted: readonly ChatMessage[], origins: readonly number[][]): NativeRequest {
  return {
    body: (kept, model, maxOutputTokens) => {
      let edited: ResponsesRequest = kept === undefined || kept.messages === converted ? request : { ...request, input: editedInput(request, converted, origins, kept.messages, kept.sources) };
      if (model !== undefined && model !== request.model) edited = { ...edited, model };
      const requested = edited.max_output_tokens;
      if (maxOutputTokens !== undefined && typeof requested === 'number' && requested > maxOutputTokens) edited = { ...edited, max_output_tokens: maxOutputTokens };
      return edited;
    },
    usage: (answer) => chatUsageOf((answer as { usage?: unknown } | null)?.usage),
    relay: relayResponsesStream,
  };
}

/** Module-level: a stream lives for minutes and must not keep the request alive through a closure. */
function relayResponsesStream(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array> {
  return observedNativeStream(body, options, observeResponsesEvent, responsesErrorEvent);
}

function observeResponsesEvent({ data }: { data: string }): { usage?: Usage; ended: boolean } {
  let event: { type?: string; response?: { usage?: unknown } };
  try {
    event = JSON.parse(data) as typeof event;
  } catch {
    return { ended: false };
  }
  const ended = event.type === 'response.completed' || event.type === 'response.incomplete' || event.type === 'response.failed';
  const usage = ended ? chatUsageOf(event.response?.usage) : undefined;
  return usage === undefined ? { ended } : { ended, usage };
}

// Codex ends a turn on response.failed; the error event before it carries the OpenAI error fields.
function responsesErrorEvent(error: RelayError): string {
  const { message, code, param } = errorBody(error).error;
  const failed = { type: 'response.failed', response: { object: 'response', status: 'failed', error: { code: code ?? 'server_error', message }, output: [] } };
  return `event: error\ndata: ${JSON.stringify({ type: 'error', code, message, param })}\n\nevent: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
}

function editedInput(request: ResponsesRequest, converted: readonly ChatMessage[], origins: readonly number[][], kept: readonly ChatMessage[], sources: readonly number[]): InputItem[] {
  const input = (typeof request.input === 'string' ? [{ type: 'message', role: 'user', content: request.input }] : request.input) as Item[];
  const fate = new Map<number, 'keep' | 'drop' | ChatMessage>();
  const keptAt = new Map<number, ChatMessage>();
  kept.forEach((message, i) => keptAt.set(sources[i] as number, message));
  converted.forEach((message, c) => {
    const after = keptAt.get(c);
    const verdict = after === undefined ? 'drop' : after === message ? 'keep' : after;
    for (const item of origins[c] ?? []) fate.set(item, verdict);
  });
  const out: InputItem[] = [];
  // The edited messages whose text already went into one of their items (an assistant step joins several).
  const textPlaced = new Set<ChatMessage>();
  // Each edited step's calls by id, made once: a step of k calls is k items, each looking its call up.
  const calls = new Map<ChatMessage, Map<string, ToolCall>>();
  const callsOf = (message: ChatMessage) => {
    let byId = calls.get(message);
    if (byId === undefined) {
      byId = new Map();
      // The first call of an id, as a search from the start would find it.
      for (const call of message.tool_calls ?? []) if (!byId.has(call.id)) byId.set(call.id, call);
      calls.set(message, byId);
    }
    return byId;
  };
  input.forEach((item, index) => {
    const verdict = fate.get(index);
    // Items no Chat message stands for (a reasoning-only step, an unknown type) go as they came.
    if (verdict === undefined || verdict === 'keep') {
      out.push(item);
      return;
    }
    if (verdict === 'drop') return;
    const edited = editItem(item, verdict, textPlaced.has(verdict), callsOf);
    if (item.type === 'message' || item.type === undefined) textPlaced.add(verdict);
    if (edited !== undefined) out.push(edited);
  });
  return out;
}

/** One item of a message the engine capped or cleared, with the edited text put in its place. */
function editItem(item: Item, edited: ChatMessage, textPlaced: boolean, callsOf: (message: ChatMessage) => ReadonlyMap<string, ToolCall>): InputItem | undefined {
  const text = typeof edited.content === 'string' ? edited.content : (edited.content ?? []).flatMap((part) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('\n\n');
  switch (item.type ?? 'message') {
    case 'function_call_output':
    case 'custom_tool_call_output':
      return { ...item, output: text } as InputItem;
    case 'function_call': {
      const call = callsOf(edited).get(item.call_id as string);
      return (call === undefined ? item : { ...item, arguments: call.function.arguments }) as InputItem;
    }
    case 'custom_tool_call': {
      const call = callsOf(edited).get(item.call_id as string);
      if (call === undefined) return item;
      try {
        return { ...item, input: String((JSON.parse(call.function.arguments) as { input?: unknown }).input ?? '') } as InputItem;
      } catch {
        return item;
      }
    }
    case 'message': {
      // An assistant step's texts were joined into one: the first of its message items carries the edit.
      if (textPlaced && item.role === 'assistant') return undefined;
      const type = item.role === 'assistant' ? 'output_text' : 'input_text';
      return { ...item, content: [{ type, text }] } as InputItem;
    }
    default:
      return item;
  }
}

function chatUsageOf(usage: unknown): Usage | undefined {
  if (usage === null || typeof usage !== 'object') return undefined;
  const u = usage as { input_tokens?: number; output_tokens?: number; input_tokens_details?: { cached_tokens?: number } };
  const prompt = u.input_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: u.output_tokens ?? 0,
    total_tokens: prompt + (u.output_tokens ?? 0),
    prompt_tokens_details: { cached_tokens: u.input_tokens_details?.cached_tokens ?? 0 },
  };
}
