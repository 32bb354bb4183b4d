/** A random id with a protocol's prefix (`msg_`, `toolu_`, `call_`), from Web Crypto. */
export function randomId(prefix: string): string {
  return prefix + crypto.randomUUID().replace(/-/g, '').slice(0, 24);
}
