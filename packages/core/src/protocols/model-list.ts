/**
 * GET /v1/models in one shape both kinds of client accept: OpenAI's `{object:'list', data:[{id, object,
 * created, owned_by}]}` and Anthropic's `{data:[{type, id, display_name, created_at}], has_more, first_id,
 * last_id}` (Claude Code's model picker reads the latter).
 */
export function modelList(ids: readonly string[]) {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'llm-relay', type: 'model', display_name: id, created_at: '1970-01-01T00:00:00Z' })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  };
}
