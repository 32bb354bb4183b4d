import type { UpstreamApi, UpstreamConfig } from '../options/relay-options.js';

/** The API an upstream speaks: as configured, else Anthropic's for its own host, else OpenAI Chat. */
export function upstreamApi(upstream: UpstreamConfig): UpstreamApi {
  if (upstream.api !== undefined) return upstream.api;
  try {
    return new URL(upstream.baseURL).hostname === 'api.anthropic.com' ? 'anthropic' : 'chat';
  } catch {
    return 'chat';
  }
}
