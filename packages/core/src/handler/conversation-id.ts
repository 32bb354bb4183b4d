import type { DecodedRequest } from '../protocols/front-door.js';
import type { ChatMessage } from '../types/chat.js';

/** Headers agents announce a session with; `x-session-id` is the relay's documented one and wins. */
const SESSION_HEADERS = ['x-session-id', 'x-claude-code-session-id', 'session_id', 'x-opencode-session'];

/** Ids longer than this are not ids: kept out of logs, metrics and span attributes. */
const MAX_ID_LENGTH = 200;

/** How much of the system prompt and the task the derived id reads: enough to tell sessions apart, bounded work. */
const HASHED_CHARS = 16_384;

export interface ConversationId {
  id: string;
  /** `client`: the agent named its session; `derived`: a hash of the system prompt and the task. */
  source: 'client' | 'derived';
}

/**
 * Which conversation a request belongs to: the documented `x-session-id` header, else what the client's
 * protocol carries (Claude Code's `metadata.user_id` session, Codex's `prompt_cache_key`), else another
 * agent's session header, else a stable hash of the system prompt and the first user message.
 */
export function conversationId(headers: Headers, decoded: DecodedRequest): ConversationId {
  const explicit = usable(headers.get(SESSION_HEADERS[0] as string));
  if (explicit !== undefined) return { id: explicit, source: 'client' };
  const fromBody = usable(decoded.conversationId);
  if (fromBody !== undefined) return { id: fromBody, source: 'client' };
  for (const name of SESSION_HEADERS.slice(1)) {
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

/** `s-` and 14 hex digits of FNV-1a (53 bits, exact in a double) over the system prompt and the task. */
function derivedId(messages: readonly ChatMessage[]): string {
  let hash = 0x811c9dc5;
  let high = 0;
  const add = (text: string) => {
    const end = Math.min(text.length, HASHED_CHARS);
    for (let i = 0; i < end; i += 1) {
      hash ^= text.charCodeAt(i);
      // 32-bit FNV-1a on the low half; the high half mixes what overflowed, so 53 bits are used.
      const product = hash * 0x01000193;
      high = (high * 31 + Math.floor(product / 0x100000000)) % 0x200000;
      hash = product >>> 0;
    }
  };
  let taskSeen = false;
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') add(textOf(message));
    else if (message.role === 'user' && !taskSeen) {
      add('\u0000');
      add(textOf(message));
      taskSeen = true;
      break;
    }
  }
  return `s-${(high * 0x100000000 + hash).toString(16).padStart(14, '0')}`;
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
