import type { Schema } from '@cfworker/json-schema';
import { V8_HASHED_CHARS } from '../../util/long-text-key.js';
import { type CompiledSchema, compileSchema, MAX_CHECK_WORK } from './compile-schema.js';
import { isJsonObject } from './is-json-object.js';
import type { SchemaNode } from './normalize-schema.js';
import { parseLenientJson } from './parse-lenient-json.js';

/** A value after coercion; `changed` is false when it is the very value given. */
export interface Coerced {
  value: unknown;
  changed: boolean;
}

/**
 * Moves a parsed arguments value toward the tool's schema where the model wrote the right thing in the
 * wrong JSON type: `"10"` for an integer, `"True"` for a boolean, `"None"` for null, an array or object
 * sent as a JSON string, `5` for a string, `"Read"` for the enum member `"read"`. Follows `$ref`,
 * `properties`, `additionalProperties`, `items`, `prefixItems`, `allOf`, and `anyOf`/`oneOf` (the first
 * branch the value fits as it is, else the first it fits after coercion).
 *
 * Never invents: no defaults, no missing properties, no single value wrapped into an array, no guess
 * between two enum members. What still does not fit is left for the validator to report. Pure, and
 * bounded: steps and branch checks (at what the validator's work on them costs) draw on one budget, the
 * work of one full check; a value the budget does not cover is left as it is.
 *
 * @example coerceToSchema({ count: '10' }, { type: 'object', properties: { count: { type: 'integer' } } })
 * // { value: { count: 10 }, changed: true }
 */
export function coerceToSchema(value: unknown, schema: unknown): Coerced {
  const compiled = compileSchema(schema);
  if (compiled === undefined) return unchanged(value);
  const walk: Walk = { compiled, budget: MAX_BUDGET, seen: new Map() };
  const coerced = coerceNode(value, compiled.root, walk, 0, 0);
  // A coercion cut short by the budget would send some values moved and others not: that is a guess.
  return walk.budget > 0 ? coerced : unchanged(value);
}

interface Walk {
  compiled: CompiledSchema;
  /** Work left, in steps and the validator's units (`CompiledSchema.cost`); when spent, values are left as they are. */
  budget: number;
  /**
   * Results by schema node and value. Branches that share a `$ref` meet the same value under the same node
   * again and again; remembering the answer keeps nested `anyOf`s from multiplying the work.
   */
  seen: Map<Schema, Map<unknown, Coerced | typeof IN_PROGRESS>>;
}

const IN_PROGRESS = Symbol('in progress');

// Coercion runs between two checks in the same step on the event loop; together they stay near 50 ms.
const MAX_BUDGET = MAX_CHECK_WORK;
// `$ref`s and branches followed without moving into the value: a schema that refers to itself
// (`allOf: [{ $ref: '#' }]`) would otherwise recurse until the stack runs out.
const MAX_HOPS = 32;
// Deeper values are left as they are; the recursion must not outgrow the stack.
const MAX_DEPTH = 256;

// The order strings are read in when a schema allows several types; the grammars do not overlap.
const FROM_STRING = ['null', 'boolean', 'integer', 'number', 'array', 'object'] as const;
const INTEGER = /^-?(?:0|[1-9]\d*)$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const BOOLEAN = /^(?:true|false)$/i;
const NULL = /^(?:null|none)$/i;

function coerceNode(value: unknown, node: SchemaNode, walk: Walk, hops: number, depth: number): Coerced {
  if (typeof node === 'boolean' || walk.budget <= 0 || hops > MAX_HOPS || depth > MAX_DEPTH) return unchanged(value);
  walk.budget--;
  // A long string is not memoised: V8 hashes it by its length alone, so many of one length would make each
  // lookup a scan. Its walk stays bounded by the budget and the hops.
  if (typeof value === 'string' && value.length > V8_HASHED_CHARS) return coerceOwnKeywords(value, node, walk, hops, depth);
  let byValue = walk.seen.get(node);
  if (byValue === undefined) {
    byValue = new Map();
    walk.seen.set(node, byValue);
  }
  const known = byValue.get(value);
  // In progress: a schema that reaches itself without moving into the value; going round again changes nothing.
  if (known === IN_PROGRESS) return unchanged(value);
  if (known !== undefined) return known;
  byValue.set(value, IN_PROGRESS);
  const result = coerceOwnKeywords(value, node, walk, hops, depth);
  byValue.set(value, result);
  return result;
}

function coerceOwnKeywords(value: unknown, node: Schema, walk: Walk, hops: number, depth: number): Coerced {
  let current = value;
  let changed = false;
  const apply = (step: Coerced): void => {
    current = step.value;
    changed ||= step.changed;
  };
  if (node.$ref !== undefined) {
    const target = walk.compiled.resolveRef(node);
    if (target !== undefined) apply(coerceNode(current, target, walk, hops + 1, depth));
  }
  const types = typeList(node.type);
  if (types !== undefined) apply(coerceType(current, types));
  if (Array.isArray(node.enum)) apply(matchMember(current, node.enum));
  if ('const' in node) apply(matchMember(current, [node.const]));
  if (isJsonObject(current)) apply(coerceProperties(current, node, walk, depth));
  else if (Array.isArray(current)) apply(coerceItems(current, node, walk, depth));
  if (Array.isArray(node.allOf)) {
    for (const sub of node.allOf as SchemaNode[]) apply(coerceNode(current, sub, walk, hops + 1, depth));
  }
  for (const branches of [node.anyOf, node.oneOf]) {
    if (Array.isArray(branches)) apply(coerceBranches(current, branches as SchemaNode[], walk, hops, depth));
  }
  return changed ? { value: current, changed } : unchanged(value);
}

function coerceBranches(value: unknown, branches: readonly SchemaNode[], walk: Walk, hops: number, depth: number): Coerced {
  // A branch the value already fits wins: coercing toward another would change what the model meant.
  for (const branch of branches) {
    if (!charge(walk, value, branch)) return unchanged(value);
    if (walk.compiled.check(value, branch) === undefined) return unchanged(value);
  }
  for (const branch of branches) {
    const tried = coerceNode(value, branch, walk, hops + 1, depth);
    if (!tried.changed) continue;
    if (!charge(walk, tried.value, branch)) return unchanged(value);
    if (walk.compiled.check(tried.value, branch) === undefined) return tried;
  }
  return unchanged(value);
}

function coerceType(value: unknown, types: readonly string[]): Coerced {
  if (types.some((type) => fitsType(value, type))) return unchanged(value);
  if (typeof value === 'string') {
    for (const type of FROM_STRING) {
      if (!types.includes(type)) continue;
      const read = fromString(value, type);
      if (read !== NOT_READ) return { value: read, changed: true };
    }
  } else if ((typeof value === 'number' || typeof value === 'boolean') && types.includes('string')) {
    return { value: String(value), changed: true };
  }
  return unchanged(value);
}

const NOT_READ = Symbol('not read');

function fromString(text: string, type: (typeof FROM_STRING)[number]): unknown {
  const trimmed = text.trim();
  switch (type) {
    case 'null':
      return NULL.test(trimmed) ? null : NOT_READ;
    case 'boolean':
      return BOOLEAN.test(trimmed) ? trimmed.toLowerCase() === 'true' : NOT_READ;
    case 'integer': {
      const number = Number(trimmed);
      return INTEGER.test(trimmed) && Number.isSafeInteger(number) ? number : NOT_READ;
    }
    case 'number': {
      const number = Number(trimmed);
      return NUMBER.test(trimmed) && Number.isFinite(number) ? number : NOT_READ;
    }
    case 'array':
    case 'object': {
      // Only a text that opens like the wanted shape: jsonrepair would make an array of anything.
      if (!trimmed.startsWith(type === 'array' ? '[' : '{')) return NOT_READ;
      const parsed = parseLenientJson(trimmed);
      return parsed !== undefined && fitsType(parsed.value, type) ? parsed.value : NOT_READ;
    }
  }
}

/** A value equal to one allowed member but for case or JSON type (`"Read"` for `"read"`, `"2"` for `2`). */
function matchMember(value: unknown, members: readonly unknown[]): Coerced {
  if (typeof value === 'object' || members.includes(value)) return unchanged(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    const text = String(value);
    return members.includes(text) ? { value: text, changed: true } : unchanged(value);
  }
  if (typeof value !== 'string') return unchanged(value);
  const lower = value.toLowerCase();
  const trimmed = lower.trim();
  const matches = members.filter((member) => {
    if (typeof member === 'string') return member.toLowerCase() === lower;
    if (member === null) return NULL.test(trimmed);
    return (typeof member === 'number' || typeof member === 'boolean') && String(member) === trimmed;
  });
  // Two members differing only in case ("A" and "a") are a guess the relay does not make.
  return matches.length === 1 ? { value: matches[0], changed: true } : unchanged(value);
}

function coerceProperties(object: Record<string, unknown>, node: Schema, walk: Walk, depth: number): Coerced {
  const properties = isJsonObject(node.properties) ? (node.properties as Record<string, SchemaNode>) : undefined;
  // With patternProperties present, a key outside `properties` may be theirs rather than additionalProperties'.
  const rest = node.patternProperties === undefined ? (node.additionalProperties as SchemaNode | undefined) : undefined;
  if (properties === undefined && rest === undefined) return unchanged(object);
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(object)) {
    if (walk.budget <= 0) return unchanged(object);
    const sub = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : rest;
    if (sub === undefined) {
      entries.push([key, item]);
      continue;
    }
    const coerced = coerceNode(item, sub, walk, 0, depth + 1);
    changed ||= coerced.changed;
    entries.push([key, coerced.value]);
  }
  // fromEntries defines own properties, so a key named `__proto__` stays a key.
  return changed ? { value: Object.fromEntries(entries), changed } : unchanged(object);
}

function coerceItems(array: readonly unknown[], node: Schema, walk: Walk, depth: number): Coerced {
  // Draft 2020-12 writes a tuple as prefixItems with `items` for the rest; earlier drafts as an `items` array
  // with `additionalItems` for the rest.
  const { prefixItems, items, additionalItems } = node;
  const tuple: SchemaNode[] = Array.isArray(prefixItems) ? prefixItems : Array.isArray(items) ? items : [];
  const rest = (Array.isArray(items) ? (Array.isArray(prefixItems) ? undefined : additionalItems) : items) as SchemaNode | undefined;
  if (tuple.length === 0 && rest === undefined) return unchanged(array);
  let changed = false;
  const coerced: unknown[] = [];
  for (let i = 0; i < array.length; i++) {
    // Once the budget is spent the whole coercion is dropped (see coerceToSchema): walking on is waste.
    if (walk.budget <= 0) return unchanged(array);
    const sub = i < tuple.length ? tuple[i] : rest;
    if (sub === undefined) {
      coerced.push(array[i]);
      continue;
    }
    const step = coerceNode(array[i], sub, walk, 0, depth + 1);
    changed ||= step.changed;
    coerced.push(step.value);
  }
  return changed ? { value: coerced, changed } : unchanged(array);
}

function typeList(type: unknown): string[] | undefined {
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((item): item is string => typeof item === 'string') : undefined;
}

function fitsType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'object':
      return isJsonObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

/** Spends the cost of checking `value` against `node` once; false when the budget is gone. */
function charge(walk: Walk, value: unknown, node: SchemaNode): boolean {
  const cost = walk.compiled.cost(value, node, MAX_CHECK_WORK);
  // A check over MAX_CHECK_WORK is not made (it counts as fitting): only finding that out was spent.
  walk.budget -= cost > MAX_CHECK_WORK ? countNodes(value, MAX_CHECK_WORK) : cost;
  return walk.budget >= 0;
}

/** The number of JSON values in `value`, counting no further than `limit`. */
function countNodes(value: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count < limit) {
    const item = stack.pop();
    count++;
    if (Array.isArray(item)) for (const element of item) stack.push(element);
    else if (isJsonObject(item)) for (const key in item) stack.push(item[key]);
  }
  return count;
}

function unchanged(value: unknown): Coerced {
  return { value, changed: false };
}
