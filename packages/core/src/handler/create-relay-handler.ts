import { errorResponse, toRelayError } from '../errors/error-response.js';
import { RelayError } from '../errors/relay-error.js';
import { listedModels } from '../models/map-model.js';
import { chatCompletions } from './chat-completions.js';
import type { RelayHandlerOptions, RequestRecord } from './relay-options.js';
import { requestIdFor } from './request-id.js';

type Route = 'chat' | 'models' | 'health';

const ROUTES: { suffix: string; route: Route; method: string }[] = [
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
  if (typeof options?.upstream?.baseURL !== 'string' || options.upstream.baseURL === '') {
    throw new TypeError('createRelayHandler needs `upstream.baseURL`, the provider URL (e.g. https://api.together.xyz).');
  }
  new URL(options.upstream.baseURL);

  return async function relayHandler(request: Request): Promise<Response> {
    const started = Date.now();
    const path = new URL(request.url).pathname.replace(/\/+$/, '') || '/';
    const record: RequestRecord = { requestId: requestIdFor(request), method: request.method, path, status: 0, durationMs: 0 };
    const headers = new Headers({ 'x-request-id': record.requestId });
    let reported = false;
    const finish = () => {
      if (reported) return;
      reported = true;
      record.durationMs = Date.now() - started;
      options.onRequestEnd?.(record);
    };

    let response: Response;
    let streaming = false;
    try {
      const match = ROUTES.find((route) => path.endsWith(route.suffix));
      if (match === undefined) throw new RelayError({ status: 404, code: 'not_found', message: `No route for ${request.method} ${path}; the relay serves POST /v1/chat/completions, GET /v1/models and GET /health.` });
      if (request.method !== match.method) {
        throw new RelayError({ status: 405, code: 'method_not_allowed', message: `${path} accepts ${match.method}, not ${request.method}.`, headers: { allow: match.method } });
      }
      if (match.route === 'health') response = json({ status: 'ok' }, headers);
      else if (match.route === 'models') response = json(modelList(options), headers);
      else {
        response = await chatCompletions(request, options, record, headers, finish, started);
        streaming = record.stream === true && response.ok && response.body !== null;
      }
    } catch (error) {
      const relayError = toRelayError(error);
      // Internal failures keep their real cause for the log line; the client gets a generic message.
      record.error = relayError.status === 500 && error instanceof Error ? `${relayError.message}: ${error.message}` : relayError.message;
      response = errorResponse(relayError, headers);
    }
    record.status = response.status;
    if (record.ttfbMs === undefined && !streaming) record.ttfbMs = Date.now() - started;
    // A stream reports when it ends; everything else now.
    if (!streaming) finish();
    return response;
  };
}

function json(body: unknown, headers: Headers): Response {
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status: 200, headers });
}

function modelList(options: RelayHandlerOptions) {
  const created = 0;
  return {
    object: 'list',
    data: listedModels(options.models ?? {}).map((id) => ({ id, object: 'model', created, owned_by: 'llm-relay' })),
  };
}
