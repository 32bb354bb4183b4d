import { compileSchema } from './compile-schema.js';
import { describeSchemaError } from './describe-schema-error.js';

/**
 * Checks tool arguments against the tool's JSON schema: `undefined` when they fit, else the first
 * problem as a short message naming the property. A tool with no object schema accepts any arguments,
 * and a schema the validator cannot read checks nothing (see `compileSchema`).
 *
 * @example validateArguments({ count: 'ten' }, { type: 'object', properties: { count: { type: 'integer' } } })
 * // '"count" must be integer'
 */
export function validateArguments(value: unknown, schema: unknown): string | undefined {
  const errors = compileSchema(schema)?.check(value);
  return errors === undefined ? undefined : describeSchemaError(errors);
}
