import type { RelayHandlerOptions } from '../options/relay-options.js';
import type { RequestRecord } from '../plugins/request-record.js';
import type { DecodedRequest, FrontDoor } from '../protocols/front-door.js';
import type { UpstreamCodec } from '../protocols/upstream-codec.js';
import { upstreamCodec } from '../protocols/upstream-codecs.js';
import type { PlannedTarget } from '../routing/plan-targets.js';
import type { ChatMessage, ChatRequest } from '../types/chat.js';
import { reasoningOrigin } from '../upstream/reasoning-origin.js';
import { applyReasoningRoundTrip, reasoningRoundTrip } from '../upstream/reasoning-round-trip.js';
import { upstreamRequestHeaders } from '../upstream/upstream-headers.js';
import { upstreamUrl } from '../upstream/upstream-url.js';
import { outputLimit } from './output-limit.js';

/** What goes to one target: its URL, headers (the provider key among them), body, and the codec that reads its answer. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  codec: UpstreamCodec;
  /**
   * The JSON body as a value, built only when it is serialized (in slices when large, see `serializeBody`):
   * once per target, however many retries and key switches it gets.
   */
  payload(): unknown;
  /**
   * Who encrypted what this upstream hands back (see `reasoningOrigin`), when it goes through the Chat form
   * and the upstream's body depends on the key (`keyBoundBody`): no other carries encrypted reasoning, so
   * none other pays for the hash.
   */
  origin: string | undefined;
}

/** The client's request as the upstream requests of every target are built from it. */
export interface UpstreamRequestSource {
  request: Request;
  record: RequestRecord;
  door: FrontDoor;
  decoded: DecodedRequest;
  options: RelayHandlerOptions;
}

/**
 * The request for a target: in the client's own protocol when the upstream speaks it (its front door's
 * `native`, edited), else the Chat form fitted for the target and encoded by the upstream's codec.
 */
export function upstreamRequestFor(source: UpstreamRequestSource, planned: PlannedTarget, apiKey: string | undefined): UpstreamRequest {
  const { request, record, door, decoded, options } = source;
  const { upstream, model } = planned.target;
  const codec = upstreamCodec(upstream);
  // A client of the upstream's own protocol gets its answer as it came: no Chat form, no origin to stamp.
  const origin = codec.keyBoundBody && door.api !== codec.api ? reasoningOrigin(upstream.baseURL, apiKey) : undefined;
  const payload =
    door.api === codec.api
      ? () => decoded.native.body(planned.prepared, model, decoded.clampOutput ? outputLimit(model, options) : undefined, reasoningRoundTrip(model, upstream.reasoningContent))
      : () => {
          const target = { model: model ?? decoded.model ?? '', maxOutputTokens: outputLimit(model, options), origin: origin ?? '' };
          const { body, dropped } = codec.encode(chatForTarget(decoded, planned, codec), target);
          // Parameters the upstream's protocol has no field for (`stop`, `n`, ...) are named in the log line, not lost silently.
          if (dropped.length > 0) record.dropped = [...new Set([...(record.dropped ?? []), ...dropped])];
          return body;
        };
  return {
    url: upstreamUrl(upstream.baseURL, codec.endpoint),
    headers: upstreamRequestHeaders(codec.headers, request.headers, apiKey, record.requestId, upstream.headers),
    codec,
    payload,
    origin,
  };
}

/**
 * The Chat form a target gets from a client of another protocol: its model, the fitted messages, and the
 * thinking converted from the client's protocol as the target model needs it back (see the table in
 * reasoning-round-trip.ts). An upstream that takes no `reasoning_content` gets only inline `<think>` text.
 */
function chatForTarget(decoded: DecodedRequest, planned: PlannedTarget, codec: UpstreamCodec): ChatRequest {
  let messages = planned.prepared?.messages ?? decoded.chat.messages;
  if (decoded.convertedReasoning) {
    const roundTrip = reasoningRoundTrip(planned.target.model, planned.target.upstream.reasoningContent);
    if (codec.carriesReasoningContent || roundTrip === 'inline-think') messages = applyReasoningRoundTrip(messages, roundTrip);
  }
  // A copy: a fallback builds its own from the same request.
  const sent: ChatRequest = { ...decoded.chat, messages: messages as ChatMessage[] };
  if (planned.target.model !== undefined) sent.model = planned.target.model;
  return sent;
}
