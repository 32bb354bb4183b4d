import { describe, expect, it } from 'vitest';
import { describeSchemaError } from './describe-schema-error.js';

function unit(keyword: string, instanceLocation: string, error: string, keywordLocation = `#/${keyword}`) {
  return { keyword, instanceLocation, keywordLocation, error };
}

describe('describeSchemaError', () => {
  it('skips the wrappers to the error that says what is wrong', () => {
    const errors = [unit('properties', '#', 'Property "a" does not match schema.'), unit('type', '#/a', 'Instance type "string" is invalid. Expected "integer".')];
    expect(describeSchemaError(errors)).toBe('"a" must be integer');
  });

  it('names the arguments as a whole at the root', () => {
    expect(describeSchemaError([unit('type', '#', 'Instance type "array" is invalid. Expected "object".')])).toBe('arguments must be object');
  });

  it('decodes escaped pointer segments', () => {
    expect(describeSchemaError([unit('type', '#/a~1b/c%20d', 'Instance type "null" is invalid. Expected "string".')])).toBe('"a/b.c d" must be string');
  });

  it('names a missing property by its full path', () => {
    expect(describeSchemaError([unit('required', '#/opts', 'Instance does not have required property "depth".')])).toBe('"opts.depth" is required');
  });

  it('says what anyOf wanted when its branches are plain types', () => {
    const errors = [
      unit('anyOf', '#/a', 'Instance does not match any subschemas.', '#/properties/a/anyOf'),
      unit('type', '#/a', 'Instance type "array" is invalid. Expected "string".', '#/properties/a/anyOf/0/type'),
      unit('type', '#/a', 'Instance type "array" is invalid. Expected "integer".', '#/properties/a/anyOf/1/type'),
    ];
    expect(describeSchemaError(errors)).toBe('"a" must be string or integer');
    expect(describeSchemaError([unit('anyOf', '#/a', 'Instance does not match any subschemas.')])).toBe('"a" matches none of the allowed forms');
  });

  it('falls back to the validator wording', () => {
    expect(describeSchemaError([unit('maxLength', '#/a', 'String is too long (5 > 3).')])).toBe('"a": String is too long (5 > 3)');
    expect(describeSchemaError([])).toBe('arguments do not fit the schema');
  });
});
