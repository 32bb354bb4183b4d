import { asFields } from './chat-fields.js';

/**
 * A Responses reasoning item in the only form a stateless (`store: false`) provider takes back: its id and
 * its `encrypted_content`. OpenAI's reasoning models work better when a tool loop hands them their earlier
 * reasoning; without state at the provider, the client's own history has to carry it.
 */
export interface EncryptedReasoning {
  id: string;
  encryptedContent: string;
}

const FORMAT = 'openai-responses-v1';
// The relay's own mark on a Claude Code `redacted_thinking` block: only the relay reads it, never Anthropic.
const TOKEN_PREFIX = `llm-relay:${FORMAT}:`;

/** As the Chat form carries it: an entry of `reasoning_details`, in the shape OpenRouter gave that field. */
export function reasoningDetail(reasoning: EncryptedReasoning): Record<string, unknown> {
  return { type: 'reasoning.encrypted', id: reasoning.id, data: reasoning.encryptedContent, format: FORMAT };
}

/** The encrypted reasoning a Chat message or stream delta carries in its `reasoning_details`. */
export function encryptedReasoningOf(message: unknown): EncryptedReasoning[] {
  const details = asFields(message).reasoning_details;
  if (!Array.isArray(details)) return [];
  const found: EncryptedReasoning[] = [];
  for (const value of details) {
    const detail = asFields(value);
    if (detail.type === 'reasoning.encrypted' && detail.format === FORMAT && typeof detail.data === 'string' && detail.data !== '') {
      found.push({ id: typeof detail.id === 'string' ? detail.id : '', encryptedContent: detail.data });
    }
  }
  return found;
}

/** Carried inside Claude Code's history as a `redacted_thinking` block's `data`, which it sends back verbatim. */
export function reasoningToken(reasoning: EncryptedReasoning): string {
  return `${TOKEN_PREFIX}${encodeURIComponent(reasoning.id)}:${reasoning.encryptedContent}`;
}

/** The reasoning in a `redacted_thinking` block the relay wrote; undefined for Anthropic's own (or anything else). */
export function reasoningOfToken(data: unknown): EncryptedReasoning | undefined {
  if (typeof data !== 'string' || !data.startsWith(TOKEN_PREFIX)) return undefined;
  const rest = data.slice(TOKEN_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon === -1 || colon === rest.length - 1) return undefined;
  try {
    return { id: decodeURIComponent(rest.slice(0, colon)), encryptedContent: rest.slice(colon + 1) };
  } catch {
    return undefined;
  }
}

/** Whether a `redacted_thinking` block's data is the relay's: Anthropic would refuse it, so it never goes there. */
export function isRelayReasoningToken(data: unknown): boolean {
  return typeof data === 'string' && data.startsWith(TOKEN_PREFIX);
}
