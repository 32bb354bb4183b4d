import type { Schema } from '@cfworker/json-schema';
import { isJsonObject } from './is-json-object.js';
import type { SchemaNode } from './normalize-schema.js';

/** What checking a value costs, worked out once per schema. */
export interface CheckCost {
  /**
   * An upper bound on the validator's work to check `value` against `node` (a node of the normalized
   * schema), in units of about a microsecond; `limit + 1` as soon as it is known to pass `limit`.
   */
  of(value: unknown, node: SchemaNode, limit: number): number;
}

// The validator (@cfworker/json-schema) walks every branch of every anyOf, oneOf and allOf and re-walks a
// `$ref` each time it meets it, so its work is the number of ways through the schema to each place in
// the value, not the size of either: 25 nested anyOfs of two branches each are 2^25 visits of one value.
// Measured on this validator (Node 22): a visit costs about 0.3 to 0.8 us (2 us when it fails and errors pile up), and measuring a string's length
// (minLength, maxLength) about 8 ns a character, hence one unit per visit and per 100 characters;
// `uniqueItems` compares every item with every other, about 1 ns a pair for scalars, 1,000 pairs a unit.
const CHARS_PER_UNIT = 100;
const PAIRS_PER_UNIT = 1_000;
// Depths below the value worked out before giving up on deeper values; deeper than any real tool schema.
const MAX_LEVELS = 64;
// Node evaluations the estimate itself may spend (about 1 us each on the validator's dictionary-mode
// schema objects), so a schema built to defeat it costs ~10 ms at most, once.
const MAX_ESTIMATE_STEPS = 10_000;
// Schema nodes reached without moving into the value, one inside another. A `$ref` chain this long, or one
// that loops (`allOf: [{ $ref: '#' }]`), has no finite bound: the validator would recurse until the stack ran out.
const MAX_IN_PLACE_DEPTH = 256;
// Counts saturate here: any cost past every budget is as good as infinite, and sums stay small integers.
const OVER = 2 ** 40;

/** Visits, and visits whose work grows with the value's own size (a string's length, an array's pairs). */
interface Work {
  visits: number;
  measures: number;
}

const NONE: Work = { visits: 0, measures: 0 };

/**
 * Bounds the validator's work from the normalized schema: for each schema node and each depth below the
 * value it is checked against, the most visits the validator can make to one value node at that depth
 * (every branch counted, `$ref`s expanded, weighted by what a visit does: properties looped over, enum
 * members compared, required names looked up). A value then costs the sum of its nodes' bounds, which
 * `of` adds up while walking the value and stops as soon as the sum passes the limit, so finding out
 * that a value is too costly to check costs no more than the limit.
 *
 * Work per depth settles for a schema without recursion (none past its own depth) and for a recursive one
 * whose branches do not multiply (a JSON-value schema); one whose work grows with depth is worked out to
 * where it passes every budget, and values deeper than that count as too costly.
 *
 * @example estimateCheckCost(root, resolve).of({ a: 1 }, root, 10_000) // a few units for an ordinary schema
 */
export function estimateCheckCost(root: SchemaNode, resolve: (node: Schema) => SchemaNode | undefined): CheckCost {
  const shapes = new Map<Schema, Shape>();
  for (const node of reachable(root, resolve)) shapes.set(node, shapeOf(node, root, resolve));
  const levels: Map<Schema, Work>[] = [];
  // Work below the last level worked out: the same as it (settled) or unbounded.
  let beyond: 'same' | 'over' = 'over';
  let steps = 0;

  const workAt = (node: SchemaNode | undefined, level: number): Work => {
    if (node === undefined) return OVER_WORK;
    if (typeof node === 'boolean') return level === 0 ? LEAF : NONE;
    if (level < levels.length) return levels[level]?.get(node) ?? OVER_WORK;
    return beyond === 'same' ? (levels.at(-1)?.get(node) ?? OVER_WORK) : OVER_WORK;
  };

  for (let level = 0; level < MAX_LEVELS && steps <= MAX_ESTIMATE_STEPS; level++) {
    const current = new Map<Schema, Work>();
    const below = (node: SchemaNode): Work => workAt(node, level - 1);
    const evaluate = (node: SchemaNode | undefined, depth: number): Work => {
      if (node === undefined || typeof node === 'boolean') return workAt(node, level);
      const known = current.get(node);
      if (known !== undefined) return known;
      const shape = shapes.get(node);
      if (shape === undefined || depth > MAX_IN_PLACE_DEPTH || ++steps > MAX_ESTIMATE_STEPS) return OVER_WORK;
      // Marked before its branches are walked: a node reached again without moving into the value loops.
      current.set(node, OVER_WORK);
      let work = level === 0 ? shape.own : level === 1 ? keyWork(shape, levels[0]) : NONE;
      for (const sub of shape.inPlace) work = add(work, evaluate(sub, depth + 1));
      if (level > 0) work = add(work, max(childWork(shape.property, below), childWork(shape.item, below)));
      current.set(node, work);
      return work;
    };
    for (const node of shapes.keys()) evaluate(node, 0);
    if (steps > MAX_ESTIMATE_STEPS) break;
    levels.push(current);
    const previous = levels.at(-2);
    if (previous !== undefined && sameWork(previous, current)) {
      beyond = 'same';
      break;
    }
    if (workAt(root, level).visits >= OVER) break;
  }

  return {
    of(value, node, limit) {
      let total = 0;
      const stack: [unknown, number][] = [[value, 0]];
      while (stack.length > 0) {
        const [item, depth] = stack.pop() as [unknown, number];
        const work = workAt(node, depth);
        total += work.visits + work.measures * sizeCost(item);
        if (total > limit) return limit + 1;
        // No visit here means none deeper: the validator reaches a place only through its parent.
        if (work.visits === 0 || typeof item !== 'object' || item === null) continue;
        const next = workAt(node, depth + 1).visits;
        if (next === 0) continue;
        const children = Array.isArray(item) ? item : Object.values(item as Record<string, unknown>);
        // Each child costs at least `next`, so the stack never holds more than the limit allows.
        if (total + children.length * next > limit) return limit + 1;
        for (const child of children) stack.push([child, depth + 1]);
      }
      return total;
    },
  };
}

/** A schema node's edges, read once: what the level-by-level sums walk. */
interface Shape {
  own: Work;
  /** Pattern tests per property name, and the `propertyNames` schema. */
  patterns: number;
  names: SchemaNode | undefined;
  inPlace: (SchemaNode | undefined)[];
  property: Children;
  item: Children;
}

/** Sub-schemas for one child of the value: one of `either`, plus all of `every`. */
interface Children {
  either: SchemaNode[];
  every: SchemaNode[];
}

const LEAF: Work = { visits: 1, measures: 0 };
const OVER_WORK: Work = { visits: OVER, measures: OVER };

function shapeOf(node: Schema, root: SchemaNode, resolve: (node: Schema) => SchemaNode | undefined): Shape {
  const shape: Shape = {
    own: NONE,
    patterns: 0,
    names: undefined,
    inPlace: [],
    property: { either: [], every: [] },
    item: { either: [], every: [] },
  };
  let visits = 1;
  let measures = 0;
  let items: unknown;
  // One pass over the entries: the validator's bookkeeping leaves each schema object with a shape of its
  // own, so every keyed read is a slow dictionary lookup (30 of them per node cost 5-9 us).
  for (const [key, raw] of Object.entries(node)) {
    const sub = raw as SchemaNode;
    const subs = Array.isArray(raw) ? (raw as SchemaNode[]) : [];
    const named = isJsonObject(raw) ? (Object.values(raw) as SchemaNode[]) : [];
    switch (key) {
      case '$ref':
        shape.inPlace.push(resolve(node));
        break;
      case '$recursiveRef':
        // The dynamic target is the outermost schema with `$recursiveAnchor`, in a tool schema the root.
        shape.inPlace.push(root);
        break;
      case 'not':
      case 'if':
      case 'then':
      case 'else':
        shape.inPlace.push(sub);
        break;
      case 'allOf':
      case 'anyOf':
      case 'oneOf':
        shape.inPlace.push(...subs);
        break;
      case 'dependentSchemas':
      case 'dependencies':
        visits += named.length;
        for (const dependency of named) if (!Array.isArray(dependency)) shape.inPlace.push(dependency);
        break;
      case 'dependentRequired':
      case 'required':
      case 'type':
        visits += isJsonObject(raw) ? named.length : subs.length;
        break;
      case 'properties':
        // A property takes its own schema or additionalProperties, plus every matching pattern and unevaluatedProperties.
        visits += named.length;
        shape.property.either.push(...named);
        break;
      case 'additionalProperties':
        shape.property.either.push(sub);
        break;
      case 'patternProperties':
        visits += named.length;
        // Every pattern is tested against every name, once for patternProperties and again for additionalProperties.
        shape.patterns = 2 * named.length;
        shape.property.every.push(...named);
        break;
      case 'unevaluatedProperties':
        shape.property.every.push(sub);
        break;
      case 'propertyNames':
        shape.names = sub;
        break;
      case 'prefixItems':
        shape.item.either.push(...subs);
        break;
      case 'items':
        items = raw;
        break;
      case 'additionalItems':
        shape.item.either.push(sub);
        break;
      case 'contains':
      case 'unevaluatedItems':
        shape.item.every.push(sub);
        break;
      case 'enum':
      case 'const':
        // Comparing an object to a member stops when the smaller of the two runs out, so a member's size bounds it.
        visits += sizeOf(raw);
        break;
      case 'minLength':
      case 'maxLength':
      case 'pattern':
      case 'uniqueItems':
        measures = 1;
        break;
    }
  }
  if (items !== undefined) shape.item.either.push(...(Array.isArray(items) ? (items as SchemaNode[]) : [items as SchemaNode]));
  shape.own = { visits: Math.min(visits, OVER), measures };
  return shape;
}

function add(a: Work, b: Work): Work {
  return { visits: Math.min(a.visits + b.visits, OVER), measures: Math.min(a.measures + b.measures, OVER) };
}

function max(a: Work, b: Work): Work {
  return { visits: Math.max(a.visits, b.visits), measures: Math.max(a.measures, b.measures) };
}

/** The most work one child of a value gets from these sub-schemas, a level down. */
function childWork(children: Children, below: (node: SchemaNode) => Work): Work {
  let most = NONE;
  for (const sub of children.either) most = max(most, below(sub));
  for (const sub of children.every) most = add(most, below(sub));
  return most;
}

/** Work for each property name of an object: pattern tests and `propertyNames`, checked where the object is. */
function keyWork(shape: Shape, first: Map<Schema, Work> | undefined): Work {
  const { names } = shape;
  const checked = names === undefined ? NONE : typeof names === 'boolean' ? LEAF : (first?.get(names) ?? OVER_WORK);
  return add({ visits: shape.patterns, measures: 0 }, checked);
}

/** What a measuring visit adds for the value's own size. */
function sizeCost(item: unknown): number {
  if (typeof item === 'string') return Math.ceil(item.length / CHARS_PER_UNIT);
  return Array.isArray(item) ? Math.ceil((item.length * item.length) / PAIRS_PER_UNIT) : 0;
}

/** Every object node of the schema reachable from the root, `$ref`s followed; bounded by the normalized size. */
function reachable(root: SchemaNode, resolve: (node: Schema) => SchemaNode | undefined): Schema[] {
  const found = new Set<Schema>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isJsonObject(node) || found.has(node)) continue;
    found.add(node);
    if (node.$ref !== undefined) stack.push(resolve(node));
    for (const [key, sub] of Object.entries(node)) {
      if (key === 'enum' || key === 'const' || key === 'required' || key === 'type') continue;
      if (Array.isArray(sub)) stack.push(...sub);
      // A map's keys are names, not keywords: only its values are schemas.
      else if (isJsonObject(sub)) stack.push(...(SUBSCHEMA_MAPS.has(key) ? Object.values(sub) : [sub]));
    }
  }
  return [...found];
}

const SUBSCHEMA_MAPS = new Set(['$defs', 'definitions', 'properties', 'patternProperties', 'dependentSchemas', 'dependencies']);

function sameWork(a: Map<Schema, Work>, b: Map<Schema, Work>): boolean {
  for (const [node, work] of b) {
    const other = a.get(node);
    if (other === undefined || other.visits !== work.visits || other.measures !== work.measures) return false;
  }
  return a.size === b.size;
}

/** The number of JSON values in `value` (enum members are schema data, already bounded by the schema's size). */
function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((total: number, item) => total + sizeOf(item), 1);
  if (isJsonObject(value)) return Object.values(value).reduce((total: number, item) => total + sizeOf(item), 1);
  return 1;
}
