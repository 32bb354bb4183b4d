// Readers for untrusted JSON from clients and upstreams: a wrong type reads as absent instead of throwing.

export type Fields = Record<string, unknown>;

export function isRecord(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The string, or '' for anything else. */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The choice with `index` 0 (n = 1 is all the relay asks for), if the chunk or completion has one. */
export function firstChoice(body: Fields): Fields | undefined {
  const choices = Array.isArray(body.choices) ? (body.choices as unknown[]) : [];
  const choice = choices.find((entry) => isRecord(entry) && (entry.index ?? 0) === 0);
  return isRecord(choice) ? choice : undefined;
}
