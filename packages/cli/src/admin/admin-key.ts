import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Checks a presented admin key against the configured one in constant time: both sides are hashed to
 * 32 bytes first, so neither the position of the first difference nor the key's length shows in the time.
 *
 * @example
 * const isAdmin = adminKeyMatcher(process.env.LLM_RELAY_ADMIN_KEY!);
 * isAdmin(presentedAdminKey(request)); // true or false
 */
export function adminKeyMatcher(key: string): (presented: string | undefined) => boolean {
  if (key.length < 16) throw new Error('The admin key must be at least 16 characters long: generate one with `openssl rand -hex 24`.');
  const expected = sha256(key);
  return (presented) => presented !== undefined && timingSafeEqual(sha256(presented), expected);
}

/** The admin key a request presents: `Authorization: Bearer <key>` or `x-admin-key: <key>`. */
export function presentedAdminKey(request: Request): string | undefined {
  const authorization = request.headers.get('authorization');
  const bearer = authorization === null ? undefined : /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
  return bearer ?? request.headers.get('x-admin-key')?.trim() ?? undefined;
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
