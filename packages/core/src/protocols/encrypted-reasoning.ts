import { asFields } from './chat-fields.js';

/**
 * A Responses reasoning item in the only form a stateless (`store: false`) provider takes back: its id and
 * its `encrypted_content`. OpenAI's reasoning models work better when a tool loop hands them their earlier
 * reasoning; without state at the provider, the client's own history has to carry it. Two more facts travel
 * with it, because the provider refuses it otherwise: who made it (`origin`: only the upstream and key that
 * encrypted it can read it), and which item it came right before (`precedes`: a reasoning item must be
 * followed by the item it led to).
 */
export interface EncryptedReasoning {
  id: string;
  encryptedContent: string;
  /** The upstream and provider key that encrypted it (see `reasoningOrigin`). */
  origin: string;
  /** The item it came before: a tool call's id, `message` for the answer's text, or `''` (the answer's end). */
  precedes: string;
}

/** The text the reasoning came before, where it is not a tool call. */
export const PRECEDES_MESSAGE = 'message';

const FORMAT = 'openai-responses-v1';
// The relay's own mark on a Claude Code `redacted_thinking` block: only the relay reads it, never Anthropic.
const TOKEN_PREFIX = `llm-relay:${FORMAT}:`;

/** As the Chat form carries it: an entry of `reasoning_details`, in the shape OpenRouter gave that field (plus the relay's two). */
export function reasoningDetail(reasoning: EncryptedReasoning): Record<string, unknown> {
  return { type: 'reasoning.encrypted', id: reasoning.id, data: reasoning.encryptedContent, format: FORMAT, origin: reasoning.origin, precedes: reasoning.precedes };
}

// What almost every message and stream delta carries: one shared empty list, not a new one each time.
const NONE: readonly EncryptedReasoning[] = Object.freeze([]);

/** The encrypted reasoning a Chat message or stream delta carries in its `reasoning_details`. */
export function encryptedReasoningOf(message: unknown): readonly EncryptedReasoning[] {
  const details = asFields(message).reasoning_details;
  if (!Array.isArray(details)) return NONE;
  const found: EncryptedReasoning[] = [];
  for (const value of details) {
    const detail = asFields(value);
    if (detail.type !== 'reasoning.encrypted' || detail.format !== FORMAT || typeof detail.data !== 'string' || detail.data === '') continue;
    if (typeof detail.id !== 'string' || detail.id === '') continue;
    found.push({ id: detail.id, encryptedContent: detail.data, origin: text(detail.origin), precedes: text(detail.precedes) });
  }
  return found;
}

/** Carried inside Claude Code's history as a `redacted_thinking` block's `data`, which it sends back verbatim. */
export function reasoningToken(reasoning: EncryptedReasoning): string {
  const parts = [reasoning.origin, reasoning.precedes, reasoning.id].map(encodeURIComponent);
  return `${TOKEN_PREFIX}${parts.join(':')}:${reasoning.encryptedContent}`;
}

/** The reasoning in a `redacted_thinking` block the relay wrote; undefined for Anthropic's own (or anything else). */
export function reasoningOfToken(data: unknown): EncryptedReasoning | undefined {
  if (typeof data !== 'string' || !data.startsWith(TOKEN_PREFIX)) return undefined;
  const fields: string[] = [];
  let at = TOKEN_PREFIX.length;
  for (let i = 0; i < 3; i += 1) {
    const colon = data.indexOf(':', at);
    if (colon === -1) return undefined;
    fields.push(data.slice(at, colon));
    at = colon + 1;
  }
  const encryptedContent = data.slice(at);
  try {
    const [origin, precedes, id] = fields.map(decodeURIComponent) as [string, string, string];
    return id === '' || encryptedContent === '' ? undefined : { id, encryptedContent, origin, precedes };
  } catch {
    return undefined;
  }
}

/** Whether a `redacted_thinking` block's data is the relay's: Anthropic would refuse it, so it never goes there. */
export function isRelayReasoningToken(data: unknown): boolean {
  return typeof data === 'string' && data.startsWith(TOKEN_PREFIX);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
