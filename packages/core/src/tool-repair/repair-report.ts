import type { FamilyName } from './tool-call-family.js';

/**
 * What was repaired in one call: recovered from text markup, JSON syntax mended, values coerced to the
 * schema, or glued objects split into calls.
 */
export type RepairKind = 'text_markup' | 'json_syntax' | 'schema_coercion' | 'split_glued';

/** Where a call came from: a family's text markup, or a structured call the provider sent. */
export type RepairSource = FamilyName | 'structured';

/** One call the relay changed, for the log line and the metrics. */
export interface RepairedCall {
  kind: RepairKind;
  family: RepairSource;
  tool: string;
}

/** One call the relay could not make fit its schema: passed on as it came, never with invented arguments. */
export interface UnrepairedCall {
  family: RepairSource;
  tool: string;
  reason: string;
}

/** Told of every repair and every call left as it came. */
export interface RepairListener {
  repaired(call: RepairedCall): void;
  unrepaired(call: UnrepairedCall): void;
}
