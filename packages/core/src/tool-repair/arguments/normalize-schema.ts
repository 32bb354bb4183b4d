import type { Schema } from '@cfworker/json-schema';
import { isJsonObject as isRecord } from './is-json-object.js';

/** A schema node as the checker and the coercer read it: an object schema or `true`/`false`. */
export type SchemaNode = Schema | boolean;

const TYPES = new Set(['array', 'boolean', 'integer', 'null', 'number', 'object', 'string']);
const SUBSCHEMA = new Set(['additionalItems', 'unevaluatedItems', 'contains', 'additionalProperties', 'unevaluatedProperties', 'propertyNames', 'not', 'if', 'then', 'else']);
const SUBSCHEMA_LISTS = new Set(['prefixItems', 'allOf', 'anyOf', 'oneOf']);
const SUBSCHEMA_MAPS = new Set(['$defs', 'definitions', 'properties', 'patternProperties', 'dependentSchemas']);
const COUNTS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains']);
const BOUNDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
// Deeper or bigger than any real tool schema (the largest coding-agent tools have a few hundred nodes);
// past these a node checks nothing. The count also bounds a schema object that shares sub-objects (a
// graph, not a tree), whose copy would otherwise multiply, and the time spent reading a schema once:
// normalizing, the validator's `dereference` and `estimateCheckCost` took 5, 25-60 and 150 ms at 20,000
// nodes, under 20 ms together at 2,000.
const MAX_DEPTH = 64;
const MAX_NODES = 2_000;

/**
 * A checkable copy of a tool's JSON schema: keywords the validator would choke on or misread are dropped
 * (a relay checks what it understands and lets the rest through), OpenAPI's `nullable: true` becomes a
 * `null` type, and `format` and annotations are left out. The client's object is never mutated: the
 * validator writes bookkeeping onto the schema it is given, and the original may still be forwarded upstream.
 *
 * @example normalizeSchema({ type: 'string', nullable: true }) // { type: ['string', 'null'] }
 * @example normalizeSchema({ type: 'nonsense' }) // {}
 */
export function normalizeSchema(schema: unknown): SchemaNode {
  return normalizeNode(schema, 0, { left: MAX_NODES });
}

interface Budget {
  left: number;
}

function normalizeNode(node: unknown, depth: number, budget: Budget): SchemaNode {
  if (typeof node === 'boolean') return node;
  if (!isRecord(node) || depth > MAX_DEPTH || budget.left <= 0) return true;
  budget.left--;
  const out: Schema = {};
  for (const [key, raw] of Object.entries(node)) {
    const value = normalizeKeyword(key, raw, depth, budget);
    if (value !== undefined) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return node.nullable === true ? allowNull(out) : out;
}

function normalizeKeyword(key: string, raw: unknown, depth: number, budget: Budget): unknown {
  if (SUBSCHEMA.has(key)) return isRecord(raw) || typeof raw === 'boolean' ? normalizeNode(raw, depth + 1, budget) : undefined;
  if (SUBSCHEMA_LISTS.has(key)) return normalizeList(raw, depth, budget);
  if (SUBSCHEMA_MAPS.has(key)) return normalizeMap(raw, depth, budget, key === 'patternProperties');
  if (COUNTS.has(key)) return typeof raw === 'number' && raw >= 0 ? raw : undefined;
  if (BOUNDS.has(key)) return typeof raw === 'number' || typeof raw === 'boolean' ? raw : undefined;
  switch (key) {
    case 'items':
      return Array.isArray(raw) ? normalizeList(raw, depth, budget) : normalizeKeyword('not', raw, depth, budget);
    case 'type':
      return normalizeType(raw);
    case 'required':
      // Draft 3 wrote `required: true` on the property; that is no list of names, so it checks nothing.
      return Array.isArray(raw) && raw.every((name) => typeof name === 'string') ? [...raw] : undefined;
    case 'enum':
      return Array.isArray(raw) ? cloneData(raw, 0) : undefined;
    case 'const':
      return cloneData(raw, 0);
    case 'multipleOf':
      return typeof raw === 'number' && raw > 0 ? raw : undefined;
    case 'uniqueItems':
    case '$recursiveAnchor':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'pattern':
      return typeof raw === 'string' && compiles(raw) ? raw : undefined;
    case '$ref':
    case '$id':
    case '$anchor':
    case '$schema':
      return typeof raw === 'string' ? raw : undefined;
    case '$recursiveRef':
      return raw === '#' ? raw : undefined;
    case 'dependentRequired':
      return isRecord(raw) ? normalizeDependencies(raw, depth, budget, false) : undefined;
    case 'dependencies':
      return isRecord(raw) ? normalizeDependencies(raw, depth, budget, true) : undefined;
    default:
      // `format` is an annotation in draft 2020-12 and providers do not enforce it: a call must not fail on a
      // URI the tool itself would take. Titles, descriptions, defaults and `x-` extensions check nothing.
      return undefined;
  }
}

function normalizeType(raw: unknown): unknown {
  if (typeof raw === 'string') return TYPES.has(raw) ? raw : undefined;
  if (Array.isArray(raw) && raw.length > 0 && raw.every((type) => typeof type === 'string' && TYPES.has(type))) {
    return [...new Set(raw as string[])];
  }
  return undefined;
}

function normalizeList(raw: unknown, depth: number, budget: Budget): SchemaNode[] | undefined {
  return Array.isArray(raw) ? raw.map((item) => normalizeNode(item, depth + 1, budget)) : undefined;
}

function normalizeMap(raw: unknown, depth: number, budget: Budget, keysArePatterns: boolean): Record<string, SchemaNode> | undefined {
  if (!isRecord(raw)) return undefined;
  const entries = Object.entries(raw)
    .filter(([key]) => !keysArePatterns || compiles(key))
    .map(([key, sub]) => [key, normalizeNode(sub, depth + 1, budget)] as const);
  // fromEntries defines own properties, so a property named `__proto__` stays a property.
  return Object.fromEntries(entries);
}

function normalizeDependencies(raw: Record<string, unknown>, depth: number, budget: Budget, schemasAllowed: boolean): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [key, dependency] of Object.entries(raw)) {
    if (Array.isArray(dependency) && dependency.every((name) => typeof name === 'string')) entries.push([key, [...dependency]]);
    else if (schemasAllowed && (isRecord(dependency) || typeof dependency === 'boolean')) {
      entries.push([key, normalizeNode(dependency, depth + 1, budget)]);
    }
  }
  return Object.fromEntries(entries);
}

function allowNull(node: Schema): SchemaNode {
  const { type } = node;
  if (type === undefined) {
    // No type to widen (a `$ref`, say): null becomes its own branch.
    return { anyOf: [{ type: 'null' }, node] };
  }
  const types = Array.isArray(type) ? type : [type];
  if (!types.includes('null')) node.type = [...types, 'null'];
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  return node;
}

function cloneData(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => cloneData(item, depth + 1));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cloneData(item, depth + 1)]));
  }
  return value;
}

function compiles(pattern: string): boolean {
  try {
    // The validator tests patterns with the `u` flag; one it cannot compile would throw mid-check.
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
