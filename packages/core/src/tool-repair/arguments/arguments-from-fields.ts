import type { Schema } from '@cfworker/json-schema';
import type { WrittenField } from '../tool-call-family.js';
import { type CompiledSchema, compileSchema } from './compile-schema.js';
import { isJsonObject } from './is-json-object.js';
import type { SchemaNode } from './normalize-schema.js';
import { parseLenientJson } from './parse-lenient-json.js';

/** Arguments built from fields, and whether a value's JSON took a repair. */
export interface FieldArguments {
  value: Record<string, unknown>;
  repaired: boolean;
}

/**
 * Builds an arguments object from XML-style fields, where every value is text and the schema tells its
 * type: a property the schema types as a string keeps its text as written (a file's content stays the
 * content, even when it looks like JSON); a number, boolean, null, array or object property is read as
 * JSON. A property the schema says nothing of stays text unless the markup declared it JSON. A value
 * that cannot be read stays text, for coercion to try and validation to report.
 *
 * @example argumentsFromFields([{ key: 'count', value: '3' }], { properties: { count: { type: 'integer' } } })
 * // { value: { count: 3 }, repaired: false }
 */
export function argumentsFromFields(fields: readonly WrittenField[], schema: unknown): FieldArguments {
  const compiled = compileSchema(schema);
  let repaired = false;
  const entries = fields.map((field): [string, unknown] => {
    const read = readField(field, compiled);
    repaired ||= read.repaired;
    return [field.key, read.value];
  });
  // fromEntries defines own properties, so a key named `__proto__` stays a key; a repeated key keeps its
  // last value, as JSON.parse would.
  return { value: Object.fromEntries(entries), repaired };
}

function readField(field: WrittenField, compiled: CompiledSchema | undefined): { value: unknown; repaired: boolean } {
  const text = { value: field.value, repaired: false };
  if (field.declared === 'string') return text;
  if (field.declared === 'json') return parseLenientJson(field.value) ?? text;
  const types = compiled === undefined ? undefined : propertyTypes(compiled, field.key);
  if (types === undefined || types.has('string')) return text;
  try {
    return { value: JSON.parse(field.value), repaired: false };
  } catch {
    // Scalars that are not JSON ("True", "None") are coercion's to read; only structures need jsonrepair.
  }
  if (!types.has('array') && !types.has('object')) return text;
  return parseLenientJson(field.value) ?? text;
}

/** The JSON types the schema allows for property `key`, or `undefined` when it does not say. */
function propertyTypes(compiled: CompiledSchema, key: string): Set<string> | undefined {
  const root = follow(compiled, compiled.root);
  if (typeof root === 'boolean') return undefined;
  const properties = isJsonObject(root.properties) ? (root.properties as Record<string, SchemaNode>) : undefined;
  const sub = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : root.additionalProperties;
  return sub === undefined ? undefined : typesOf(compiled, sub as SchemaNode, 0);
}

function typesOf(compiled: CompiledSchema, node: SchemaNode, hops: number): Set<string> | undefined {
  if (typeof node === 'boolean' || hops > MAX_HOPS) return undefined;
  const { type } = node;
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type as string[]);
  if (node.$ref !== undefined) {
    const target = compiled.resolveRef(node);
    return target === undefined ? undefined : typesOf(compiled, target, hops + 1);
  }
  const branches = node.anyOf ?? node.oneOf;
  if (Array.isArray(branches)) {
    const union = new Set<string>();
    for (const branch of branches as SchemaNode[]) {
      // One unconstrained branch lets the value be anything, text included.
      const types = typesOf(compiled, branch, hops + 1);
      if (types === undefined) return undefined;
      for (const t of types) union.add(t);
    }
    return union;
  }
  const members = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
  return members === undefined ? undefined : new Set(members.map(jsonType));
}

const MAX_HOPS = 32;

function follow(compiled: CompiledSchema, node: SchemaNode): SchemaNode {
  let current: SchemaNode = node;
  for (let hops = 0; hops < MAX_HOPS && typeof current !== 'boolean' && current.$ref !== undefined && current.properties === undefined; hops++) {
    const target: SchemaNode | undefined = compiled.resolveRef(current as Schema);
    if (target === undefined) break;
    current = target;
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
