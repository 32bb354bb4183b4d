import type { OutputUnit } from '@cfworker/json-schema';

// Keywords whose error only says "something inside failed"; the unit after them says what.
const WRAPPERS = new Set([
  '$ref',
  '$recursiveRef',
  'allOf',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'dependentSchemas',
  'dependencies',
  'then',
  'else',
]);

/**
 * The validator's first error as a short sentence naming the property, for a reason a person or the
 * model reads. Falls back to the validator's own wording for keywords it has no phrasing for.
 *
 * @example describeSchemaError(errors) // '"count" must be integer'
 */
export function describeSchemaError(errors: readonly OutputUnit[]): string {
  const at = errors.findIndex((unit) => !WRAPPERS.has(unit.keyword));
  const unit = errors[at];
  if (unit === undefined) return 'arguments do not fit the schema';
  const segments = locationSegments(unit.instanceLocation);
  const where = name(segments);
  switch (unit.keyword) {
    case 'type':
      return `${where} must be ${expectedTypes(unit.error).join(' or ') || 'another type'}`;
    case 'required': {
      const missing = /property "(.*)"\.$/s.exec(unit.error)?.[1];
      return missing === undefined ? `${where}: ${sentence(unit.error)}` : `${name([...segments, missing])} is required`;
    }
    case 'false':
      return `${where} is not allowed`;
    case 'enum': {
      const members = /any of (.*)\.$/s.exec(unit.error)?.[1];
      return `${where} must be one of ${members === undefined ? 'the allowed values' : listJson(members)}`;
    }
    case 'anyOf':
    case 'oneOf': {
      // A branch list of plain types ("string or integer") says more than "matches no branch".
      const inside = errors.slice(at + 1).filter((u) => u.keywordLocation.startsWith(`${unit.keywordLocation}/`));
      if (inside.length > 0 && inside.every((u) => u.keyword === 'type' && u.instanceLocation === unit.instanceLocation)) {
        return `${where} must be ${[...new Set(inside.flatMap((u) => expectedTypes(u.error)))].join(' or ')}`;
      }
      return unit.keyword === 'oneOf' && /exactly one/.test(unit.error) ? `${where} must match exactly one of the allowed forms` : `${where} matches none of the allowed forms`;
    }
    default:
      return `${where}: ${sentence(unit.error)}`;
  }
}

function locationSegments(location: string): string[] {
  return location
    .replace(/^#\/?/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // Keep the encoded form: a readable-enough name beats no reason at all.
      }
      return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function name(segments: readonly string[]): string {
  if (segments.length === 0) return 'arguments';
  const path = segments.map((segment, i) => (/^\d+$/.test(segment) ? `[${segment}]` : i === 0 ? segment : `.${segment}`));
  return `"${path.join('')}"`;
}

function expectedTypes(error: string): string[] {
  const list = /Expected (.*)\.$/s.exec(error)?.[1] ?? '';
  return [...list.matchAll(/"([^"]*)"/g)].map((match) => match[1] ?? '');
}

function listJson(text: string): string {
  try {
    const members: unknown = JSON.parse(text);
    if (Array.isArray(members)) return members.map((member) => JSON.stringify(member)).join(', ');
  } catch {
    // The validator's wording changed; its text is still a fair list.
  }
  return text;
}

function sentence(error: string): string {
  return error.replace(/\.$/, '');
}
