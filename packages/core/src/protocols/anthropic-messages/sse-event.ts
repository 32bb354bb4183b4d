/**
 * One Anthropic SSE event. The `event:` line is not optional: Claude Code ignores data-only events and
 * falls back to a non-streaming retry.
 *
 * @example sseEvent('ping', { type: 'ping' }) // 'event: ping\ndata: {"type":"ping"}\n\n'
 */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
