/**
 * Tool-call arguments as the object Anthropic's `tool_use.input` must be. Empty arguments are `{}`.
 * Arguments that are not a JSON object are kept as `{ _raw: text }` rather than lost: the tool's schema
 * check still fails (Claude Code ignores unknown keys and reports the missing ones, as with `{}`), and
 * the model sees its own broken text in the next turn's history.
 *
 * @example parseToolInput('{"command":"ls"}') // { command: 'ls' }
 */
export function parseToolInput(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: kept below.
  }
  return { _raw: text };
}
