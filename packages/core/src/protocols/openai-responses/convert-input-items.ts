import type { ChatMessage, ContentPart, ToolCall } from '../../types/chat.js';
import { type DropSink, plainContent, toolOutputContent, userContent } from './convert-content-parts.js';
import type { CustomToolCallItem, FunctionCallItem, FunctionCallOutputItem, InputItem, MessageItem, ReasoningItem } from './responses-types.js';
import type { ToolMap } from './tool-names.js';

export interface InputItemsOptions {
  toolMap: ToolMap;
  /** Carry reasoning items as `reasoning_content` on the assistant message (DeepSeek-style providers). */
  reasoningContent: boolean;
  drop: DropSink;
}

/** One assistant step under construction: everything between two non-assistant items. */
interface Turn {
  reasoning: string[];
  texts: string[];
  calls: ToolCall[];
  /** The input items it is made of. */
  items: number[];
}

/**
 * Turns Responses input items into chat messages. Reasoning, assistant text and the calls of one step
 * become ONE assistant message (split parallel calls break strict providers); each tool output becomes a
 * tool message, and the images of a run of outputs follow in one user message.
 *
 * @example convertInputItems(request.input, { toolMap, reasoningContent: false, drop: (what) => dropped.push(what) })
 */
export function convertInputItems(items: readonly InputItem[], options: InputItemsOptions, origins: number[][] = []): ChatMessage[] {
  const { toolMap, drop } = options;
  const messages: ChatMessage[] = [];
  // For each Chat message, the input items it came from (so the engine's edits can be applied to the items).
  const push = (message: ChatMessage, from: number[]) => {
    messages.push(message);
    origins.push(from);
  };
  let turn: Turn | undefined;
  let images: ContentPart[] = [];

  const openTurn = (index: number): Turn => {
    flushImages();
    turn ??= { reasoning: [], texts: [], calls: [], items: [] };
    turn.items.push(index);
    return turn;
  };
  const flushTurn = () => {
    // A step with only reasoning has nothing Chat can hold: no text and no calls to attach it to.
    if (turn !== undefined && (turn.texts.length > 0 || turn.calls.length > 0)) push(assistantMessage(turn, options.reasoningContent), turn.items);
    turn = undefined;
  };
  const flushImages = () => {
    // The images stay in their output items: this message has no items of its own.
    if (images.length > 0) push({ role: 'user', content: images }, []);
    images = [];
  };

  items.forEach((item, index) => {
    const param = `input[${index}]`;
    switch (item.type ?? 'message') {
      case 'message': {
        const message = item as MessageItem;
        if (message.role === 'assistant') {
          const text = plainContent(message.content, `${param}.content`, drop);
          const assistantTurn = openTurn(index);
          if (text !== '') assistantTurn.texts.push(text);
          return;
        }
        flushTurn();
        flushImages();
        push(
          message.role === 'user'
            ? { role: 'user', content: userContent(message.content, `${param}.content`, drop) }
            : // Many Chat providers reject role `developer`; `system` means the same to them.
              { role: 'system', content: plainContent(message.content, `${param}.content`, drop) },
          [index],
        );
        return;
      }
      case 'function_call': {
        const call = item as FunctionCallItem;
        const name = toolMap.chatName(call.name, call.namespace ?? undefined);
        openTurn(index).calls.push({ id: call.call_id, type: 'function', function: { name, arguments: call.arguments } });
        return;
      }
      case 'custom_tool_call': {
        const call = item as CustomToolCallItem;
        const name = toolMap.chatName(call.name, call.namespace ?? undefined);
        const args = JSON.stringify({ input: call.input });
        openTurn(index).calls.push({ id: call.call_id, type: 'function', function: { name, arguments: args } });
        return;
      }
      case 'reasoning': {
        const reasoning = openTurn(index).reasoning;
        const text = reasoningText(item as ReasoningItem);
        if (options.reasoningContent && text !== '') reasoning.push(text);
        return;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        flushTurn();
        const output = item as FunctionCallOutputItem;
        const content = toolOutputContent(output.output, `${param}.output`, drop);
        push({ role: 'tool', tool_call_id: output.call_id, content: content.text }, [index]);
        if (content.images.length > 0) {
          images.push({ type: 'text', text: `Images returned by tool call ${output.call_id}:` });
          // One by one: spread arguments overflow the stack past about 120,000 parts.
          for (const image of content.images) images.push(image);
        }
        return;
      }
      default:
        drop(`${param} (${item.type})`);
    }
  });
  flushTurn();
  flushImages();
  return messages;
}

function assistantMessage(turn: Turn, reasoningContent: boolean): ChatMessage {
  const message: ChatMessage = { role: 'assistant', content: turn.texts.length > 0 ? turn.texts.join('\n\n') : null };
  if (reasoningContent && turn.reasoning.length > 0) message.reasoning_content = turn.reasoning.join('\n\n');
  if (turn.calls.length > 0) message.tool_calls = turn.calls;
  return message;
}

/** Summary texts, then full reasoning texts: what a Chat provider's `reasoning_content` holds. */
function reasoningText(item: ReasoningItem): string {
  const texts = [...(item.summary ?? []), ...(item.content ?? [])].map((part) => part.text).filter((text) => text !== '');
  return texts.join('\n\n');
}
