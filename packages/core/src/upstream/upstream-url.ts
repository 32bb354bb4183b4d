import { BoundedCache } from '../util/bounded-cache.js';
import { trimTrailingSlashes } from '../util/trim-trailing-slashes.js';

/**
 * The chat completions URL for a provider base URL. A bare host (`https://api.together.xyz`, as the Go
 * relay took it) gets `/v1`; a URL with a path (`.../v1`, `.../openai/v1`, `.../v1beta/openai/`) is kept.
 */
export function upstreamUrl(baseURL: string, endpoint: string): string {
  const key = `${baseURL}\u0000${endpoint}`;
  let resolved = known.get(key);
  if (resolved === undefined) {
    resolved = resolve(baseURL, endpoint);
    known.set(key, resolved, key.length);
  }
  return resolved;
}

// Asked on every request for the same few configured upstreams: the URL is parsed once per base and endpoint.
const known = new BoundedCache<string, string>(256, 256 * 1024);

function resolve(baseURL: string, endpoint: string): string {
  const url = new URL(baseURL);
  let path = trimTrailingSlashes(url.pathname);
  if (path === '') path = '/v1';
  return `${url.origin}${path}/${endpoint.replace(/^\/+/, '')}`;
}
