/**
 * A whole Chat completion as the single stream chunk it amounts to (message as delta, usage kept), for a
 * provider that answers a stream request with plain JSON.
 */
export function completionAsChunk(completion: unknown): unknown {
  const record = completion !== null && typeof completion === 'object' ? (completion as Record<string, unknown>) : {};
  const choices = Array.isArray(record.choices) ? record.choices : [];
  return {
    ...record,
    object: 'chat.completion.chunk',
    choices: choices.map((choice) => {
      const { message, ...rest } = (choice ?? {}) as Record<string, unknown>;
      const delta = { ...(message as Record<string, unknown> | undefined) };
      // Stream deltas index their tool calls.
      if (Array.isArray(delta.tool_calls)) delta.tool_calls = delta.tool_calls.map((call, index) => ({ index, ...(call as object) }));
      return { ...rest, delta };
    }),
  };
}
