import { RelayError } from '../errors/relay-error.js';
import { isGlob, matchesGlob } from '../models/glob.js';
import { listedModels, mapModel } from '../models/map-model.js';
import type { RelayHandlerOptions, UpstreamConfig } from '../options/relay-options.js';

export interface Target {
  upstreamName: string;
  upstream: UpstreamConfig;
  model: string | undefined;
  /** Tool-call repair allowed by the route (the upstream has its own switch). */
  toolRepair?: boolean;
}

export const DEFAULT_UPSTREAM = 'default';

/**
 * The upstream and model a requested name goes to, then its fallbacks: a route (exact name first, then
 * globs in order), else the single `upstream` with `models` mapping, else 404 `model_not_found`.
 */
export function resolveTargets(requested: string | undefined, options: RelayHandlerOptions): Target[] {
  const routes = options.routes ?? [];
  const route =
    (requested === undefined ? undefined : routes.find((r) => !isGlob(r.match) && r.match === requested)) ??
    routes.find((r) => isGlob(r.match) && requested !== undefined && matchesGlob(r.match, requested));
  if (route !== undefined) {
    return route.targets.map((target) => ({ upstreamName: target.upstream, upstream: upstreamNamed(options, target.upstream), model: target.model, toolRepair: route.toolRepair }));
  }
  if (options.upstream !== undefined) {
    return [{ upstreamName: DEFAULT_UPSTREAM, upstream: options.upstream, model: mapModel(requested, options.models ?? {}) }];
  }
  throw new RelayError({
    status: 404,
    code: 'model_not_found',
    param: 'model',
    message: `The model ${JSON.stringify(requested ?? null)} does not exist on this relay; available: ${availableModels(options).join(', ') || '(none)'}.`,
  });
}

/** Names a client can ask for, for GET /v1/models and error messages. */
export function availableModels(options: RelayHandlerOptions): string[] {
  const names = new Set<string>();
  for (const route of options.routes ?? []) if (!isGlob(route.match)) names.add(route.match);
  if (options.upstream !== undefined) for (const name of listedModels(options.models ?? {})) names.add(name);
  return [...names];
}

/** Checks at construction time that every route names a known upstream. */
export function checkRoutes(options: RelayHandlerOptions): void {
  if (options.upstream === undefined && (options.routes ?? []).length === 0) {
    throw new TypeError('createRelayHandler needs `upstream` (e.g. { baseURL: "https://api.together.xyz" }) or `upstreams` with `routes`.');
  }
  if (options.upstream !== undefined) checkUrl(options.upstream.baseURL, 'upstream.baseURL');
  for (const [name, upstream] of Object.entries(options.upstreams ?? {})) checkUrl(upstream.baseURL, `upstreams.${name}.baseURL`);
  for (const route of options.routes ?? []) {
    if (route.targets.length === 0) throw new TypeError(`Route "${route.match}" has no targets.`);
    for (const target of route.targets) upstreamNamed(options, target.upstream);
  }
}

function upstreamNamed(options: RelayHandlerOptions, name: string): UpstreamConfig {
  const upstream = options.upstreams?.[name] ?? (name === DEFAULT_UPSTREAM ? options.upstream : undefined);
  if (upstream === undefined) throw new TypeError(`Unknown upstream "${name}"; define it in \`upstreams\`.`);
  return upstream;
}

function checkUrl(value: string | undefined, where: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${where} is missing: the provider URL, e.g. https://api.together.xyz.`);
  try {
    new URL(value);
  } catch {
    throw new TypeError(`${where} is not a URL: ${JSON.stringify(value)}.`);
  }
}
