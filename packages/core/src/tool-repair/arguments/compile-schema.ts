import { dereference, type OutputUnit, type Schema, validate } from '@cfworker/json-schema';
import { type CheckCost, estimateCheckCost } from './estimate-check-cost.js';
import { isJsonObject } from './is-json-object.js';
import { normalizeSchema, type SchemaNode } from './normalize-schema.js';
import { schemaDraft } from './schema-draft.js';

/** A tool schema made ready to check values against, whole or one sub-schema at a time. */
export interface CompiledSchema {
  /** The normalized copy every node handed to `check` and `resolveRef` must come from. */
  root: SchemaNode;
  /** Why `value` does not fit `node` (the root when omitted); `undefined` when it fits or cannot be checked. */
  check(value: unknown, node?: SchemaNode): OutputUnit[] | undefined;
  /**
   * The validator's work, at most, to check `value` against `node`, in units of about a microsecond;
   * `limit + 1` once it passes `limit` (found out at a cost no greater than `limit`).
   */
  cost(value: unknown, node: SchemaNode, limit: number): number;
  /** The node a `$ref` names, when it resolves inside this schema. */
  resolveRef(node: Schema): SchemaNode | undefined;
}

/**
 * The most work one check may do, in the units of `estimateCheckCost` (about a microsecond each): the
 * relay is a shared server and a check runs in one step on the event loop, which nothing may hold for
 * more than about 50 ms. A check over budget is not made: the arguments count as fitting, as for a schema
 * the validator cannot read.
 */
export const MAX_CHECK_WORK = 5_000;

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
 * So does a check that would cost more than `MAX_CHECK_WORK`: the validator walks every anyOf/oneOf/allOf
 * branch and re-walks shared `$ref`s, so a small schema can ask for exponential work. The bound is worked
 * out once per schema (`estimateCheckCost`) and summed over the value before each check; ordinary tool
 * schemas with ordinary arguments cost tens to hundreds of units.
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
  const resolveRef = (node: Schema): SchemaNode | undefined => {
    const uri = node.__absolute_ref__ ?? node.$ref;
    return lookup === undefined || uri === undefined ? undefined : lookup[uri];
  };
  let estimate: CheckCost | undefined;
  const cost = (value: unknown, node: SchemaNode, limit: number): number => {
    if (lookup === undefined) return 0;
    // Worked out on first use: most tools in a request are never called.
    estimate ??= estimateCheckCost(root, resolveRef);
    return estimate.of(value, node, limit);
  };
  return {
    root,
    cost,
    check(value, node = root) {
      if (lookup === undefined || cost(value, node, MAX_CHECK_WORK) > MAX_CHECK_WORK) return undefined;
      try {
        const result = validate(value, node, draft, lookup, true);
        return result.valid ? undefined : result.errors;
      } catch {
        return undefined;
      }
    },
    resolveRef,
  };
}
