import type { RelayHandlerOptions } from '../options/relay-options.js';
import { windowTokens } from './prepare-context.js';
import { resolveTargets } from './resolve-targets.js';

/**
 * Bytes a kept text may take per token of window, as written in the body: well above what any text takes, so
 * that what it keeps is decided by the engine's own cut, with the whole window in view, and not on arrival.
 * English prose, code and logs take 3 to 5; Russian 8.7 as UTF-8 and 25 written as `\uXXXX` escapes (Python's
 * json.dumps writes them so), Chinese 4.6 and 9 (o200k).
 */
export const KEEP_BYTES_PER_TOKEN = 32;

/**
 * How many bytes of one text a large request naming `model` may keep on arrival: enough for the largest
 * window among its targets. Undefined when the relay cuts nothing (context handling off) or the model has no
 * route (the 404 comes later, from the routing itself).
 *
 * @example readJsonBody(request, maxBytes, (model) => arrivalKeepBytes(model, options), record)
 */
export function arrivalKeepBytes(model: string | undefined, options: RelayHandlerOptions): number | undefined {
  if (options.context === false) return undefined;
  let targets: ReturnType<typeof resolveTargets>;
  try {
    targets = resolveTargets(model, options);
  } catch {
    return undefined;
  }
  let window = 0;
  for (const target of targets) window = Math.max(window, windowTokens(target.model, options.context ?? {}));
  return Number.isFinite(window) ? Math.ceil(window * KEEP_BYTES_PER_TOKEN) : undefined;
}
