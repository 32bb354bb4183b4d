/** A random id in Anthropic's style, `msg_…` or `toolu_…`, from Web Crypto. */
export function randomId(prefix: 'msg_' | 'toolu_'): string {
  return prefix + crypto.randomUUID().replace(/-/g, '').slice(0, 24);
}
