import type { UpstreamApi, UpstreamConfig } from '../options/relay-options.js';
import { upstreamApi } from '../upstream/upstream-api.js';
import { anthropicUpstreamCodec } from './anthropic-upstream/upstream-codec.js';
import { chatUpstreamCodec } from './openai-chat-upstream/upstream-codec.js';
import { responsesUpstreamCodec } from './openai-responses-upstream/upstream-codec.js';
import type { UpstreamCodec } from './upstream-codec.js';

const CODECS: Readonly<Record<UpstreamApi, UpstreamCodec>> = {
  chat: chatUpstreamCodec,
  anthropic: anthropicUpstreamCodec,
  responses: responsesUpstreamCodec,
};

/** The codec of the protocol an upstream speaks (as configured, else as its host suggests: see `upstreamApi`). */
export function upstreamCodec(upstream: UpstreamConfig): UpstreamCodec {
  return CODECS[upstreamApi(upstream)];
}
