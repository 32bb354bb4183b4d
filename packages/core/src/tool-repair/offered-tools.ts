/** The tools a request offered, by name, with their parameter schemas: what a repaired call must fit. */
export type OfferedTools = ReadonlyMap<string, unknown>;

/**
 * Reads the Chat-form `tools` of a request (every front door decodes to it). Tools without a function
 * name (hosted tools) cannot be called by text, so they are left out.
 *
 * @example
 * offeredTools([{ type: 'function', function: { name: 'bash', parameters: { type: 'object' } } }]).has('bash') // true
 */
export function offeredTools(tools: readonly unknown[] | undefined): OfferedTools {
  const offered = new Map<string, unknown>();
  for (const tool of tools ?? []) {
    const fn = (tool as { function?: { name?: unknown; parameters?: unknown } } | null)?.function;
    if (typeof fn?.name === 'string' && fn.name !== '') offered.set(fn.name, fn.parameters);
  }
  return offered;
}
