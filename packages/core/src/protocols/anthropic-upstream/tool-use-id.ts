// Anthropic checks tool_use ids against this pattern; other providers' ids (Kimi's `functions.bash:0`) fail it.
const INVALID = /[^a-zA-Z0-9_-]/g;

/**
 * A Chat tool call id in the form Anthropic accepts: characters outside `[a-zA-Z0-9_-]` become `_`. The
 * same mapping is applied to `tool_call_id` of tool messages, so calls and results still pair up.
 * An empty id gets `fallback`.
 *
 * @example toolUseId('functions.bash:0', 'toolu_0') // 'functions_bash_0'
 */
export function toolUseId(id: unknown, fallback: string): string {
  if (typeof id !== 'string' || id === '') return fallback;
  return id.replace(INVALID, '_');
}
