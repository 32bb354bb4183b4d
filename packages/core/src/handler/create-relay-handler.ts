import { errorResponse, toRelayError } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import type { RelayHandlerOptions } from '../options/relay-options.js';
import { PluginRunner } from '../plugins/plugin-runner.js';
import type { RelayContext, RelayPlugin } from '../plugins/relay-plugin.js';
import type { RequestRecord } from '../plugins/request-record.js';
import type { FrontDoor } from '../protocols/front-door.js';
import { FRONT_DOORS } from '../protocols/front-doors.js';
import { modelList } from '../protocols/model-list.js';
import { availableModels, checkRoutes } from '../routing/resolve-targets.js';
import { UpstreamFailure } from '../upstream/upstream-failure.js';
import { trimTrailingSlashes } from '../util/trim-trailing-slashes.js';
import { countTokens } from './count-tokens.js';
import { relayConversation } from './relay-conversation.js';
import { relayRuntime } from './relay-runtime.js';
import { requestIdFor } from './request-id.js';
import { ROUTE_LIST, ROUTES, type Route } from './routes.js';

/**
 * The relay as one Web-standard function, for any host: Node (see the `llm-relay` CLI), Next.js route
 * handlers, Bun, Deno, Workers. Routes are matched by suffix, so it works mounted under any prefix. Every
 * front door (one per client protocol, see `FRONT_DOORS`) shares one pipeline.
 *
 * @example
 * const handler = createRelayHandler({ upstream: { baseURL: 'https://api.together.xyz', apiKey: process.env.LLM_PROVIDER_KEY } });
 * const response = await handler(new Request('http://relay/v1/chat/completions', { method: 'POST', body }));
 */
export function createRelayHandler(options: RelayHandlerOptions): (request: Request) => Promise<Response> {
  checkRoutes(options);
  const reporter: RelayPlugin[] = options.onRequestEnd ? [{ name: 'on-request-end', onResponse: (context) => options.onRequestEnd?.(context.record) }] : [];
  const plugins = new PluginRunner([...(options.plugins ?? []), ...reporter]);
  const runtime = relayRuntime(options, plugins);

  return async function relayHandler(request: Request): Promise<Response> {
    const started = Date.now();
    const path = trimTrailingSlashes(pathnameOf(request.url)) || '/';
    const match = ROUTES.find((route) => path.endsWith(route.suffix));
    const record: RequestRecord = { requestId: requestIdFor(request), startedAt: started, method: request.method, path, status: 0, durationMs: 0 };
    if (match?.door !== undefined) record.protocol = match.door.protocol;
    const context: RelayContext = {
      request,
      route: match?.route ?? 'unknown',
      record,
      responseHeaders: new Headers({ 'x-request-id': record.requestId }),
      state: {},
    };
    let reported = false;
    const finish = () => {
      if (reported) return;
      reported = true;
      record.durationMs = Date.now() - started;
      plugins.onResponse(context);
    };

    let response: Response;
    let streaming = false;
    try {
      if (match === undefined) {
        throw new RelayError({
          status: 404,
          code: 'not_found',
          message: `No route for ${request.method} ${path}; the relay serves ${ROUTE_LIST}.`,
        });
      }
      if (request.method !== match.method) {
        throw new RelayError({ status: 405, code: 'method_not_allowed', message: `${path} accepts ${match.method}, not ${request.method}.`, headers: { allow: match.method } });
      }
      await plugins.onRequest(context);
      response = await answer(match, context);
    } catch (error) {
      const relayError = toRelayError(error);
      if (relayError instanceof UpstreamFailure) {
        // The upstream's error answer, passed on: reported by its status, as it is no error of the relay's.
        record.error = `upstream answered ${relayError.upstreamStatus}`;
      } else {
        // Internal failures keep their real cause for the log line; the client gets a generic message.
        record.error = relayError.status === 500 && error instanceof Error ? `${relayError.message}: ${error.message}` : relayError.message;
        plugins.onError(context, relayError);
      }
      response = doorOf(match, request).errorResponse(relayError, context.responseHeaders);
    }
    if (!response.ok && record.error === undefined) record.error = `upstream answered ${response.status}`;
    record.status = response.status;
    if (record.ttfbMs === undefined && !streaming) record.ttfbMs = Date.now() - started;
    // A stream reports when it ends; everything else now.
    if (!streaming) finish();
    return response;

    async function answer(route: Route, context: RelayContext): Promise<Response> {
      if (route.route === 'health') return json({ status: 'ok' }, context.responseHeaders);
      if (route.route === 'models') return json(modelList(availableModels(options)), context.responseHeaders);
      if (route.route === 'count_tokens') return countTokens(context, route.door as FrontDoor, runtime);
      const relayed = await relayConversation({ context, door: route.door as FrontDoor, runtime, finish, started });
      streaming = context.state.relayingStream === true;
      return relayed;
    }
  };
}

/** Errors answer in the route's protocol (see `FrontDoor.errorResponse`); off any route, in the shape the client's headers suggest. */
function doorOf(match: Route | undefined, request: Request): { errorResponse: FrontDoor['errorResponse'] } {
  if (match?.door !== undefined) return match.door;
  return FRONT_DOORS.find((door) => door.recognizes(request.headers)) ?? { errorResponse: (error, headers) => errorResponse(error, headers) };
}

/** The path of an absolute URL, without the cost of a full URL parse on every request. */
function pathnameOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end === -1 ? url.slice(start) : url.slice(start, start + end);
}

function json(body: unknown, headers: Headers): Response {
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status: 200, headers });
}
