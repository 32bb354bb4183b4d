import type { UpstreamApi, UpstreamConfig } from '../options/relay-options.js';

// Asked several times per request (planning, building, answering); the URL is parsed once per upstream.
const resolved = new WeakMap<UpstreamConfig, UpstreamApi>();

/** The API an upstream speaks: as configured, else Anthropic's for its own host, else OpenAI Chat. */
export function upstreamApi(upstream: UpstreamConfig): UpstreamApi {
  if (upstream.api !== undefined) return upstream.api;
  let api = resolved.get(upstream);
  if (api === undefined) {
    api = hostApi(upstream.baseURL);
    resolved.set(upstream, api);
  }
  return api;
}

function hostApi(baseURL: string): UpstreamApi {
  try {
    return new URL(baseURL).hostname === 'api.anthropic.com' ? 'anthropic' : 'chat';
  } catch {
    return 'chat';
  }
}
