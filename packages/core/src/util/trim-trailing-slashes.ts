/**
 * `path` without the slashes it ends with. A loop rather than `replace(/\/+$/, '')`: that pattern retries
 * from every slash of a run that does not end the path, so a request path of 16 KB of slashes followed by
 * a letter cost 150 ms.
 *
 * @example trimTrailingSlashes('/v1/chat/completions//') // '/v1/chat/completions'
 */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return end === path.length ? path : path.slice(0, end);
}
