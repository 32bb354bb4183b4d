/**
 * The chat completions URL for a provider base URL. A bare host (`https://api.together.xyz`, as the Go
 * relay took it) gets `/v1`; a URL with a path (`.../v1`, `.../openai/v1`, `.../v1beta/openai/`) is kept.
 */
export function upstreamUrl(baseURL: string, endpoint: string): string {
  const url = new URL(baseURL);
  let path = url.pathname.replace(/\/+$/, '');
  if (path === '') path = '/v1';
  return `${url.origin}${path}/${endpoint.replace(/^\/+/, '')}`;
}
