import { AGENT_SESSION_HEADERS } from '../protocols/agent-session-headers.js';
import type { DecodedRequest } from '../protocols/front-door.js';
import type { ChatMessage } from '../types/chat.js';
import { fnv1aHex64 } from '../util/fnv1a.js';

/** Headers agents announce a session with; `x-session-id` is the relay's documented one and wins. */
const EXPLICIT_SESSION_HEADER = 'x-session-id';

/** Ids longer than this are not ids: kept out of logs, metrics and span attributes. */
const MAX_ID_LENGTH = 200;

/**
 * How much of each system message and of the task the derived id reads: enough to tell sessions apart (a task
 * is rarely that long before it differs), and a few microseconds on every request that names no session.
 */
const HASHED_CHARS = 4_096;

export interface ConversationId {
  id: string;
  /** `client`: the agent named its session; `derived`: a hash of the system prompt and the task. */
  source: 'client' | 'derived';
}

/**
 * Which conversation a request belongs to: the documented `x-session-id` header, else what the client's
 * protocol carries in the body (see `DecodedRequest.conversationId`), else an agent's own session header,
 * else a stable hash of the system prompt and the first user message.
 */
export function conversationId(headers: Headers, decoded: Pick<DecodedRequest, 'chat' | 'conversationId'>): ConversationId {
  const explicit = usable(headers.get(EXPLICIT_SESSION_HEADER));
  if (explicit !== undefined) return { id: explicit, source: 'client' };
  const fromBody = usable(decoded.conversationId);
  if (fromBody !== undefined) return { id: fromBody, source: 'client' };
  for (const name of AGENT_SESSION_HEADERS) {
    const value = usable(headers.get(name));
    if (value !== undefined) return { id: value, source: 'client' };
  }
  return { id: derivedId(decoded.chat.messages), source: 'derived' };
}

function usable(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.length > MAX_ID_LENGTH ? undefined : trimmed;
}

/** `s-` and 64 bits of FNV-1a over the start of the system prompt and of the task (see `HASHED_CHARS`). */
function derivedId(messages: readonly ChatMessage[]): string {
  let text = '';
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') text += textOf(message).slice(0, HASHED_CHARS);
    else if (message.role === 'user') {
      text += `\u0000${textOf(message).slice(0, HASHED_CHARS)}`;
      break;
    }
  }
  return `s-${fnv1aHex64(text)}`;
}

function textOf(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (text.length >= HASHED_CHARS) break;
    if (part.type === 'text' && typeof (part as { text?: unknown }).text === 'string') text += (part as { text: string }).text;
  }
  return text;
}
