import { dereference, validate, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { isJsonObject } from './is-json-object.js';
import { normalizeSchema, type SchemaNode } from './normalize-schema.js';
import { schemaDraft } from './schema-draft.js';

/** A tool schema made ready to check values against, whole or one sub-schema at a time. */
export interface CompiledSchema {
  /** The normalized copy every node handed to `check` and `resolveRef` must come from. */
  root: SchemaNode;
  /** Why `value` does not fit `node` (the root when omitted); `undefined` when it fits or cannot be checked. */
  check(value: unknown, node?: SchemaNode): OutputUnit[] | undefined;
  /** The node a `$ref` names, when it resolves inside this schema. */
  resolveRef(node: Schema): SchemaNode | undefined;
}

// Keyed by the client's schema object: a tool list is parsed once per request, so every call to the same
// tool in an answer reuses one compiled schema, and the entry goes when the request does.
const compiled = new WeakMap<object, CompiledSchema>();

/**
 * Compiles a tool's parameter schema once per schema object. `undefined` for a tool without an object
 * schema (no parameters declared): any arguments object fits it.
 *
 * A schema the validator cannot read (a `$ref` to nowhere, a duplicate `$id`, a pattern it cannot
 * compile) checks nothing rather than failing the call: a relay must not reject a model's call because
 * the client sent a schema the validator does not understand; the tool itself still checks its input.
 *
 * This uses the validator's `dereference` and `validate` rather than its `Validator` class (which is those
 * two calls) because checking one `anyOf` branch needs the `$ref` lookup the class keeps private.
 *
 * @example compileSchema({ type: 'object', required: ['path'] })?.check({}) // [{ keyword: 'required', ... }]
 */
export function compileSchema(schema: unknown): CompiledSchema | undefined {
  if (!isJsonObject(schema)) return undefined;
  let entry = compiled.get(schema);
  if (entry === undefined) {
    entry = build(schema);
    compiled.set(schema, entry);
  }
  return entry;
}

function build(schema: Record<string, unknown>): CompiledSchema {
  const root = normalizeSchema(schema);
  const draft = schemaDraft(schema.$schema);
  let lookup: Record<string, SchemaNode> | undefined;
  try {
    lookup = dereference(root);
  } catch {
    lookup = undefined;
  }
  return {
    root,
    check(value, node = root) {
      if (lookup === undefined) return undefined;
      try {
        const result = validate(value, node, draft, lookup, true);
        return result.valid ? undefined : result.errors;
      } catch {
        return undefined;
      }
    },
    resolveRef(node) {
      const uri = node.__absolute_ref__ ?? node.$ref;
      return lookup === undefined || uri === undefined ? undefined : lookup[uri];
    },
  };
}
