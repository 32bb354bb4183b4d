/**
 * The keys an environment variable holds: one, or several comma-separated (`LLM_PROVIDER_KEY=sk-a,sk-b`).
 *
 * @example splitKeys(' sk-a, sk-b,') // ['sk-a', 'sk-b']
 */
export function splitKeys(value: string): string[] {
  return value
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}
