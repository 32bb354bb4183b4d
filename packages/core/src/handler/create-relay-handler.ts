import { errorResponse, toRelayError } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { PluginRunner } from '../plugins/plugin-runner.js';
import type { RelayContext, RelayPlugin, RelayRoute } from '../plugins/relay-plugin.js';
import { availableModels, checkRoutes } from '../routing/resolve-targets.js';
import { chatCompletions } from './chat-completions.js';
import { LearnedAdjustments } from './learned-adjustments.js';
import type { RelayHandlerOptions, RequestRecord } from './relay-options.js';
import { requestIdFor } from './request-id.js';

const ROUTES: { suffix: string; route: RelayRoute; method: string }[] = [
  { suffix: '/chat/completions', route: 'chat', method: 'POST' },
  { suffix: '/models', route: 'models', method: 'GET' },
  { suffix: '/health', route: 'health', method: 'GET' },
];

/**
 * The relay as one Web-standard function, for any host: Node (see the `llm-relay` CLI), Next.js route
 * handlers, Bun, Deno, Workers. Routes are matched by suffix, so it works mounted under any prefix.
 *
 * @example
 * const handler = createRelayHandler({ upstream: { baseURL: 'https://api.together.xyz', apiKey: process.env.LLM_PROVIDER_KEY } });
 * const response = await handler(new Request('http://relay/v1/chat/completions', { method: 'POST', body }));
 */
export function createRelayHandler(options: RelayHandlerOptions): (request: Request) => Promise<Response> {
  checkRoutes(options);
  const reporter: RelayPlugin[] = options.onRequestEnd ? [{ name: 'on-request-end', onResponse: (context) => options.onRequestEnd?.(context.record) }] : [];
  const plugins = new PluginRunner([...(options.plugins ?? []), ...reporter]);
  const learned = new LearnedAdjustments();

  return async function relayHandler(request: Request): Promise<Response> {
    const started = Date.now();
    const path = pathnameOf(request.url).replace(/\/+$/, '') || '/';
    const match = ROUTES.find((route) => path.endsWith(route.suffix));
    const record: RequestRecord = { requestId: requestIdFor(request), method: request.method, path, status: 0, durationMs: 0 };
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
        throw new RelayError({ status: 404, code: 'not_found', message: `No route for ${request.method} ${path}; the relay serves POST /v1/chat/completions, GET /v1/models and GET /health.` });
      }
      if (request.method !== match.method) {
        throw new RelayError({ status: 405, code: 'method_not_allowed', message: `${path} accepts ${match.method}, not ${request.method}.`, headers: { allow: match.method } });
      }
      await plugins.onRequest(context);
      if (match.route === 'health') response = json({ status: 'ok' }, context.responseHeaders);
      else if (match.route === 'models') response = json(modelList(options), context.responseHeaders);
      else {
        response = await chatCompletions(context, options, plugins, learned, finish, started);
        streaming = context.state.relayingStream === true;
      }
    } catch (error) {
      const relayError = toRelayError(error);
      // Internal failures keep their real cause for the log line; the client gets a generic message.
      record.error = relayError.status === 500 && error instanceof Error ? `${relayError.message}: ${error.message}` : relayError.message;
      plugins.onError(context, relayError);
      response = errorResponse(relayError, context.responseHeaders);
    }
    if (!response.ok && record.error === undefined) record.error = `upstream answered ${response.status}`;
    record.status = response.status;
    if (record.ttfbMs === undefined && !streaming) record.ttfbMs = Date.now() - started;
    // A stream reports when it ends; everything else now.
    if (!streaming) finish();
    return response;
  };
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

function modelList(options: RelayHandlerOptions) {
  return { object: 'list', data: availableModels(options).map((id) => ({ id, object: 'model', created: 0, owned_by: 'llm-relay' })) };
}
