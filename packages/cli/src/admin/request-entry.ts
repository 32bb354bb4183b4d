import type { ChatMessage, ChatRequest, RelayContext, RelayRoute, RequestRecord, TruncateResult, UpstreamAttempt } from '@llm-relay/core';
import { redactHeaders } from './redact-headers.js';

/**
 * One finished request as the inspector keeps it. The record and the conversation are the handler's own
 * objects, kept by reference (nothing is copied or serialized while the request is served); the
 * message-by-message view is worked out from them only when someone asks for it.
 */
export interface RequestEntry {
  record: RequestRecord;
  route: RelayRoute;
  /** The client's headers, name then value, secrets already redacted. */
  headers: string[];
  attempts: UpstreamAttempt[];
  /** What the client sent, in the internal Chat form (conversation routes only). */
  request?: ChatRequest;
  /** What the context engine sent upstream, with each message's source index. */
  sent?: TruncateResult;
  /** Estimated bytes this entry keeps alive (see `entryBytes`). */
  bytes: number;
}

/** Where the admin plugin keeps a request's upstream attempts between hooks. */
export const ATTEMPTS = 'adminAttempts';

/** Takes a finished request's entry from its context: references, redacted headers and a size estimate. */
export function captureEntry(context: RelayContext): RequestEntry {
  const headers = redactHeaders(context.request.headers);
  const conversation = context.conversation;
  const contentLength = Number(context.request.headers.get('content-length') ?? 0) || 0;
  return {
    record: context.record,
    route: context.route,
    headers,
    attempts: (context.state[ATTEMPTS] as UpstreamAttempt[] | undefined) ?? [],
    request: conversation?.request,
    sent: conversation?.sent,
    bytes: entryBytes(contentLength, headers, conversation?.request, conversation?.sent),
  };
}

/** What every entry costs besides its messages: the record, attempts, arrays and the ring's bookkeeping. */
const ENTRY_OVERHEAD = 2_048;
/** A parsed message's object, its array slot and its small fields. */
const MESSAGE_OVERHEAD = 160;

/**
 * The bytes an entry keeps alive, estimated without serializing anything: the client's body as it came
 * (its strings are what the parsed request holds; the core's parser keeps long strings as slices of the
 * body text), an overhead per message, and the messages the context engine rewrote (capped or cleared:
 * new strings; the others are the client's own objects). Without a content length, the text is counted.
 */
function entryBytes(contentLength: number, headers: readonly string[], request: ChatRequest | undefined, sent: TruncateResult | undefined): number {
  let bytes = ENTRY_OVERHEAD;
  for (const text of headers) bytes += text.length + 16;
  if (request === undefined) return bytes;
  const messages = request.messages;
  bytes += messages.length * MESSAGE_OVERHEAD;
  if (contentLength > 0) bytes += contentLength;
  else for (const message of messages) bytes += messageChars(message);
  if (sent !== undefined && sent.messages !== messages) {
    bytes += sent.messages.length * 16;
    for (let k = 0; k < sent.messages.length; k += 1) {
      const message = sent.messages[k] as ChatMessage;
      if (message !== messages[sent.sources[k] as number]) bytes += messageChars(message) + MESSAGE_OVERHEAD;
    }
  }
  return bytes;
}

/** Characters of a message's text, tool-call arguments and part URLs (what makes a message big). */
export function messageChars(message: ChatMessage): number {
  let chars = 0;
  const content = message.content;
  if (typeof content === 'string') chars += content.length;
  else if (Array.isArray(content)) {
    for (const part of content) {
      if ('text' in part && typeof part.text === 'string') chars += part.text.length;
      const image = (part as { image_url?: { url?: unknown } }).image_url;
      if (typeof image?.url === 'string') chars += image.url.length;
    }
  }
  for (const call of message.tool_calls ?? []) chars += call.function.arguments.length + call.function.name.length + call.id.length;
  return chars;
}
