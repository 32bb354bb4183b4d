/** What `GET /v1/models` lists by default. Any model name is answered, listed or not. */
export const DEFAULT_ANTHROPIC_MODELS = ['claude-opus-5-5', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'fake-model'];

/**
 * Anthropic's model list: `{ data: [{ type: 'model', id, display_name, created_at }], has_more, first_id, last_id }`.
 *
 * @example anthropicModelList(['claude-sonnet-4-5']).data[0].display_name // 'Claude Sonnet 4.5'
 */
export function anthropicModelList(ids: readonly string[]) {
  return {
    data: ids.map((id) => ({ type: 'model' as const, id, display_name: displayName(id), created_at: '2025-01-01T00:00:00Z' })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids[ids.length - 1] ?? null,
  };
}

/** 'claude-sonnet-4-5-20250929' -> 'Claude Sonnet 4.5': words capitalised, version parts dotted, date dropped. */
function displayName(id: string): string {
  const parts = id.split('-').filter((part) => !/^\d{8}$/.test(part));
  const words = parts.filter((part) => !/^\d+$/.test(part)).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const version = parts.filter((part) => /^\d+$/.test(part)).join('.');
  return [...words, version].filter((piece) => piece !== '').join(' ');
}
