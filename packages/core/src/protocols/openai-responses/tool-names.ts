/** What a chat tool name stands for on the Responses side. */
export interface ToolTarget {
  name: string;
  namespace?: string;
  /** `custom` tools are answered with a `custom_tool_call` item, never a `function_call`. */
  kind: 'function' | 'custom';
}

/** Chat providers accept only these tool names. */
export const CHAT_TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_LENGTH = 64;
const HASH_LENGTH = 8;

/**
 * The chat name for a Responses tool: `name`, or `namespace__name` for a tool inside a namespace group,
 * made valid for `^[a-zA-Z0-9_-]{1,64}$`. Names too long end in `_` and a hash of the original, so the
 * same tool gets the same name every turn (the upstream prefix cache depends on it).
 *
 * @example flattenToolName('spawn_agent', 'multi_agent_v1') // 'multi_agent_v1__spawn_agent'
 */
export function flattenToolName(name: string, namespace?: string): string {
  const joined = namespace === undefined ? name : `${namespace}__${name}`;
  if (CHAT_TOOL_NAME.test(joined)) return joined;
  const sanitized = joined.replace(/[^a-zA-Z0-9_-]/g, '_') || 'tool';
  return sanitized.length <= MAX_LENGTH ? sanitized : withHash(sanitized, keyOf(name, namespace));
}

/**
 * Both directions between Responses tools and the flattened chat names of one request. Built by
 * `convertTools`; the response converters use `target` to answer with the client's own name and namespace.
 */
export class ToolMap {
  readonly #byChatName = new Map<string, ToolTarget>();
  readonly #byTool = new Map<string, string>();
  // Tools by their bare name (null when several share it), built on the first miss: a model that drops
  // namespaces does so on every call, and scanning every tool per call made an answer quadratic.
  #byBareName: Map<string, ToolTarget | null> | undefined;

  /** Registers a client tool and returns its chat name, unique within this map. */
  add(target: ToolTarget): string {
    const key = keyOf(target.name, target.namespace);
    const known = this.#byTool.get(key);
    if (known !== undefined) return known;
    const preferred = flattenToolName(target.name, target.namespace);
    let chatName = preferred;
    // A clash (a plain `a__b` beside namespace `a` tool `b`) is settled by order, the same every turn.
    for (let attempt = 0; this.#byChatName.has(chatName); attempt += 1) {
      chatName = withHash(preferred, attempt === 0 ? key : `${key}#${attempt}`);
    }
    this.#byChatName.set(chatName, target);
    this.#byTool.set(key, chatName);
    this.#byBareName = undefined;
    return chatName;
  }

  /** The chat name for a tool the client names, registered or not (history may call tools no longer offered). */
  chatName(name: string, namespace?: string): string {
    return this.#byTool.get(keyOf(name, namespace)) ?? flattenToolName(name, namespace);
  }

  /** The Responses tool behind a chat name the model used. */
  target(chatName: string): ToolTarget {
    const known = this.#byChatName.get(chatName);
    if (known !== undefined) return known;
    // Models sometimes drop the namespace prefix; a bare name that fits exactly one tool still finds it.
    return this.#bareNames().get(chatName) ?? { name: chatName, kind: 'function' };
  }

  #bareNames(): Map<string, ToolTarget | null> {
    if (this.#byBareName !== undefined) return this.#byBareName;
    const byBareName = new Map<string, ToolTarget | null>();
    for (const target of this.#byChatName.values()) byBareName.set(target.name, byBareName.has(target.name) ? null : target);
    return (this.#byBareName = byBareName);
  }

  /** Whether any tool is registered under this chat name. */
  has(chatName: string): boolean {
    return this.#byChatName.has(chatName);
  }
}

function keyOf(name: string, namespace: string | undefined): string {
  return namespace === undefined ? name : `${namespace}\u0000${name}`;
}

function withHash(name: string, key: string): string {
  return `${name.slice(0, MAX_LENGTH - HASH_LENGTH - 1)}_${fnv1a(key)}`;
}

/** FNV-1a, 32 bits: synchronous and the same everywhere, which is all a name suffix needs. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(HASH_LENGTH, '0');
}
