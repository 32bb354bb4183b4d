/**
 * A Chat chunk without its `usage`, for a client that did not ask for it; undefined for the usage-only chunk
 * (no choices), which was the relay's own asking and leaves nothing to send.
 */
export function withoutUsage(chunk: Record<string, unknown>): Record<string, unknown> | undefined {
  if (Array.isArray(chunk.choices) && chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest;
}
