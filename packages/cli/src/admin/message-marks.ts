import { type ChatMessage, type ChatRequest, isClearedPlaceholder, type TruncateResult } from '@llm-relay/core';
import { messageChars } from './request-entry.js';

/** What the context engine did to one client message. */
export type MessageMark = 'kept' | 'dropped' | 'cleared' | 'capped';

export interface MarkedMessage {
  index: number;
  role: string;
  mark: MessageMark;
  /** Among the newest messages the cap and clear stages leave alone. */
  protected: boolean;
  chars: number;
  /** The start of the client's text (at most `previewChars`). */
  text: string;
  /** What went upstream instead, when it differs (cleared or capped). */
  sentText?: string;
  sentChars?: number;
  toolCalls?: string[];
  toolCallId?: string;
}

/**
 * The client's messages, each marked: kept (sent as it came), dropped (its index is not among the sent
 * messages' sources), cleared (a tool result replaced by the placeholder), capped (sent shortened), and
 * protected when it is among the newest `protectedRecent`. Worked out when the inspector asks, not while
 * the request is served.
 *
 * @example
 * markMessages(entry.request, entry.sent).filter((m) => m.mark === 'dropped').length; // report.messagesDropped
 */
export function markMessages(request: ChatRequest, sent: TruncateResult | undefined, previewChars = 600): MarkedMessage[] {
  const messages = request.messages;
  const sentAt = new Map<number, ChatMessage>();
  if (sent !== undefined) sent.sources.forEach((source, k) => sentAt.set(source, sent.messages[k] as ChatMessage));
  const protectedFrom = sent === undefined || sent.report.stage === 'none' ? messages.length : messages.length - sent.report.protectedRecent;
  return messages.map((message, index) => {
    const out = sent === undefined ? message : sentAt.get(index);
    const mark: MessageMark = out === undefined ? 'dropped' : out === message ? 'kept' : isClearedPlaceholder(textOf(out)) ? 'cleared' : 'capped';
    const text = textOf(message);
    const marked: MarkedMessage = { index, role: message.role, mark, protected: index >= protectedFrom, chars: messageChars(message), text: preview(text, previewChars) };
    if (out !== undefined && out !== message) {
      marked.sentText = preview(textOf(out), previewChars);
      marked.sentChars = messageChars(out);
    }
    if (message.tool_calls !== undefined && message.tool_calls.length > 0) marked.toolCalls = message.tool_calls.map((call) => call.function.name);
    if (typeof message.tool_call_id === 'string') marked.toolCallId = message.tool_call_id;
    return marked;
  });
}

function textOf(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : `[${part.type}]`)).join('\n');
  return '';
}

function preview(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, chars)}…`;
}
