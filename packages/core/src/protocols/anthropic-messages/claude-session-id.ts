/** Longer `user_id` strings are not Claude Code's small JSON object: not parsed. */
const MAX_USER_ID_LENGTH = 4_096;

/**
 * Claude Code's session id: its `metadata.user_id` is a JSON object in a string,
 * `{"device_id":"...","account_uuid":"","session_id":"36e1f5aa-..."}`. Anything else gives undefined.
 */
export function claudeSessionId(metadata: unknown): string | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const userId = (metadata as { user_id?: unknown }).user_id;
  if (typeof userId !== 'string' || userId.length > MAX_USER_ID_LENGTH || !userId.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(userId) as { session_id?: unknown };
    return typeof parsed.session_id === 'string' ? parsed.session_id : undefined;
  } catch {
    return undefined;
  }
}
