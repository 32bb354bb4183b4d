import { itemId } from './response-ids.js';
import type { OutputCustomToolCall, OutputFunctionCall, OutputMessage, OutputReasoning } from './responses-types.js';
import type { ToolMap } from './tool-names.js';

// Built in one place so the streamed items and the whole-response items are the same objects, key for key.

/** An assistant message item; no text yet (`undefined`) gives the empty content of `output_item.added`. */
export function messageItem(id: string, text: string | undefined, status: OutputMessage['status']): OutputMessage {
  const content = text === undefined ? [] : [{ type: 'output_text' as const, text, annotations: [] }];
  return { type: 'message', id, status, role: 'assistant', content };
}

/** A reasoning item whose one summary part holds the provider's `reasoning_content`. */
export function reasoningItem(id: string, text: string | undefined): OutputReasoning {
  return { type: 'reasoning', id, summary: text === undefined ? [] : [{ type: 'summary_text', text }] };
}

export interface ToolCallInit {
  responseId: string;
  outputIndex: number;
  callId: string;
  /** The name the model used, which may be a flattened `namespace__name`. */
  chatName: string;
  arguments: string;
  status: OutputFunctionCall['status'];
}

/**
 * A chat tool call as the client's item: `function_call` with its bare name and `namespace`, or
 * `custom_tool_call` with the raw input for freeform tools (Codex rejects a function_call for those).
 */
export function toolCallItem(init: ToolCallInit, toolMap: ToolMap): OutputFunctionCall | OutputCustomToolCall {
  const target = toolMap.target(init.chatName);
  const namespace = target.namespace === undefined ? {} : { namespace: target.namespace };
  if (target.kind === 'custom') {
    const id = itemId('ctc', init.responseId, init.outputIndex);
    return { type: 'custom_tool_call', id, call_id: init.callId, name: target.name, ...namespace, input: customInput(init.arguments) };
  }
  const id = itemId('fc', init.responseId, init.outputIndex);
  return { type: 'function_call', id, call_id: init.callId, name: target.name, ...namespace, arguments: init.arguments, status: init.status };
}

/**
 * The raw string a freeform tool gets: the `input` argument the model filled in. A model that ignored the
 * wrapper and wrote the raw text still gets it through unchanged.
 */
export function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { input?: unknown }).input === 'string') {
      return (parsed as { input: string }).input;
    }
  } catch {
    // Not JSON: the raw text itself.
  }
  return args;
}
