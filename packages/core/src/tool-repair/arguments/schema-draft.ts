import type { SchemaDraft } from '@cfworker/json-schema';

/**
 * The JSON Schema draft a tool schema's `$schema` names, as the validator spells it; 2020-12 when it
 * names none (what current tool-calling APIs document). Drafts 6 and 7 read alike for arguments, as do 3 and 4.
 *
 * @example schemaDraft('http://json-schema.org/draft-07/schema#') // '7'
 */
export function schemaDraft($schema: unknown): SchemaDraft {
  if (typeof $schema !== 'string') return '2020-12';
  if (/draft-0[34]\b/.test($schema)) return '4';
  if (/draft-0[67]\b/.test($schema)) return '7';
  if ($schema.includes('2019-09')) return '2019-09';
  return '2020-12';
}
