import { estimateTokensSteps } from '../context/estimate-tokens.js';
import { prepareStepsCooperatively } from '../context/prepare-cooperatively.js';
import { encodingForModel, loadEncoding } from '../context/tokenizer.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from '../options/relay-options.js';
import type { RelayContext } from '../plugins/relay-plugin.js';
import type { FrontDoor, TokenCountRoute } from '../protocols/front-door.js';
import { upstreamCodec } from '../protocols/upstream-codecs.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { reasoningRoundTrip } from '../upstream/reasoning-round-trip.js';
import { redactKey } from '../upstream/redact-key.js';
import { upstreamRequestHeaders } from '../upstream/upstream-headers.js';
import { upstreamUrl } from '../upstream/upstream-url.js';
import { readJsonBody } from '../util/read-json-body.js';
import { callUpstream, readUpstreamText } from './call-upstream.js';
import type { RelayRuntime } from './relay-runtime.js';

/**
 * A front door's token-count route (see `FrontDoor.countTokens`). An upstream of the client's protocol with a
 * counter of its own counts with its own tokenizer, so the request goes there as received; any other
 * upstream cannot count the client's protocol, so the relay answers locally: the request converted as it
 * would be forwarded, counted with its own tokenizer for the model it routes to. IDE clients send dozens of
 * these at start-up, and a 404 breaks them.
 */
export async function countTokens(context: RelayContext, door: FrontDoor, runtime: RelayRuntime): Promise<Response> {
  const { options } = runtime;
  const raw = await readJsonBody(context.request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, runtime.keepBytes, context.record);
  const decoded = door.decode(raw);
  context.record.model = decoded.model;
  // Texts cut on arrival count for what they were: a byte a token, as the tokenizer counts past its exact limit.
  const omitted = context.record.cutOnArrival?.bytes ?? 0;
  const target = resolveTargets(decoded.model, options)[0];
  const headers = context.responseHeaders;
  headers.set('content-type', 'application/json');
  const codec = target === undefined ? undefined : upstreamCodec(target.upstream);
  if (target !== undefined && codec !== undefined && codec.api === door.api && codec.countTokensEndpoint !== undefined) {
    const timeoutMs = target.upstream.timeoutMs ?? options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const picked = runtime.pickKey(target.upstream, Date.now());
    // Every key resting: counting is not worth a 429; the first key asks anyway.
    const apiKey = 'apiKey' in picked ? picked.apiKey : (target.upstream.apiKey ?? target.upstream.apiKeys?.[0]);
    // The request as a conversation to this upstream would carry it (its model; nothing another model wrote that it refuses).
    const body = JSON.stringify(decoded.native.body(undefined, target.model, undefined, reasoningRoundTrip(target.model, target.upstream.reasoningContent)));
    const call = await callUpstream(
      options.fetch ?? fetch,
      upstreamUrl(target.upstream.baseURL, codec.countTokensEndpoint),
      { headers: upstreamRequestHeaders(codec.headers, context.request.headers, apiKey, context.record.requestId, target.upstream.headers), body },
      context.request.signal,
      timeoutMs,
    );
    const text = await readUpstreamText(call, timeoutMs);
    call.settle();
    if (call.response.ok) return new Response(omitted > 0 ? withOmitted(text, omitted, door) : text, { status: 200, headers });
    // A compatible upstream without the endpoint: count here rather than break the client with a 404.
    if (![404, 405, 501].includes(call.response.status)) throw codec.decodeError({ status: call.response.status, text: redactKey(text, apiKey), headers: call.response.headers });
  }
  const model = target?.model;
  await loadEncoding(encodingForModel(model));
  const input = await prepareStepsCooperatively(() => estimateTokensSteps(decoded.chat, { model }), { signal: context.request.signal });
  return new Response(JSON.stringify(route(door).answer(input + omitted)), { status: 200, headers });
}

function route(door: FrontDoor): TokenCountRoute {
  if (door.countTokens === undefined) throw new TypeError(`The ${door.protocol} front door has no token-count route.`);
  return door.countTokens;
}

/** The upstream's count with what was cut on arrival added (its answer as it came if it holds no count). */
function withOmitted(text: string, omitted: number, door: FrontDoor): string {
  try {
    const added = route(door).addTokens(JSON.parse(text), omitted);
    return added === undefined ? text : JSON.stringify(added);
  } catch {
    return text;
  }
}
