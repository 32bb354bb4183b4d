import type { WrittenArguments } from '../tool-call-family.js';
import { argumentsFromFields } from './arguments-from-fields.js';
import { coerceToSchema } from './coerce-to-schema.js';
import { isJsonObject } from './is-json-object.js';
import { parseLenientJson } from './parse-lenient-json.js';
import { validateArguments } from './validate-arguments.js';

/** What was done to a call's arguments: their JSON mended, or values moved to the schema's types. */
export type ArgumentRepair = 'json_syntax' | 'schema_coercion';

export type ArgumentsOutcome = { ok: true; text: string; value: Record<string, unknown>; repairs: ArgumentRepair[] } | { ok: false; reason: string };

/**
 * Turns arguments as a model wrote them into a JSON object that fits the tool's schema, or says why it
 * cannot. Broken JSON is mended with jsonrepair, fields are typed by the schema, values are coerced
 * (`coerceToSchema`), and the result is validated. Nothing is invented: a required property the model
 * left out stays missing and fails the call.
 *
 * `text` is the model's own text when it was already a valid object that fits, so the relay passes on
 * the original bytes (number spellings, key order, spacing); otherwise it is `JSON.stringify(value)`.
 *
 * @example repairArguments({ kind: 'json', text: "{'count': '3',}" }, { properties: { count: { type: 'integer' } } })
 * // { ok: true, text: '{"count":3}', value: { count: 3 }, repairs: ['json_syntax', 'schema_coercion'] }
 */
export function repairArguments(written: WrittenArguments, schema: unknown): ArgumentsOutcome {
  const read = written.kind === 'json' ? readJsonText(written.text) : readFields(written, schema);
  if (!read.ok) return read;
  const repairs: ArgumentRepair[] = read.repaired ? ['json_syntax'] : [];
  let value = read.value;
  let problem = validateArguments(value, schema);
  if (problem !== undefined) {
    const coerced = coerceToSchema(value, schema);
    if (coerced.changed && isJsonObject(coerced.value)) {
      value = coerced.value;
      repairs.push('schema_coercion');
      problem = validateArguments(value, schema);
    }
  }
  if (problem !== undefined) return { ok: false, reason: read.empty ? `arguments are empty: ${problem}` : problem };
  const text = read.original !== undefined && repairs.length === 0 ? read.original : JSON.stringify(value);
  return { ok: true, text, value, repairs };
}

type Read = { ok: true; value: Record<string, unknown>; repaired: boolean; original?: string; empty?: boolean } | { ok: false; reason: string };

function readJsonText(text: string): Read {
  // Models call parameterless tools with no text at all; whether `{}` will do is the schema's to say.
  if (text.trim() === '') return { ok: true, value: {}, repaired: false, empty: true };
  const parsed = parseLenientJson(text);
  if (parsed === undefined) return { ok: false, reason: 'arguments are not valid JSON' };
  let { value, repaired } = parsed;
  if (typeof value === 'string') {
    // Arguments encoded twice: a JSON string holding the object's JSON.
    const inner = parseLenientJson(value);
    if (inner !== undefined && isJsonObject(inner.value)) {
      value = inner.value;
      repaired = true;
    }
  }
  if (!isJsonObject(value)) return { ok: false, reason: `arguments must be a JSON object, not ${jsonKind(value)}` };
  return repaired ? { ok: true, value, repaired } : { ok: true, value, repaired, original: text };
}

function readFields(written: Extract<WrittenArguments, { kind: 'fields' }>, schema: unknown): Read {
  // Building an object from fields is how these families write arguments, not a repair.
  const built = argumentsFromFields(written.fields, schema);
  return { ok: true, value: built.value, repaired: built.repaired, empty: written.fields.length === 0 };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
