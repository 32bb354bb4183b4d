import { adminApi } from './admin-api.js';
import { adminKeyMatcher, presentedAdminKey } from './admin-key.js';
import { adminPage } from './admin-page.js';
import { adminError, secured } from './admin-responses.js';
import type { AdminStore } from './admin-store.js';
import { isLoopback, peerAddress } from './peer-address.js';

export interface AdminRoutesOptions {
  /** The admin key; without one the page and the API are off (404). */
  key?: string;
  /** Let clients other than loopback ones reach the page (with the key). Default false. */
  allowRemote?: boolean;
  /** What the page shows; needed when a key is set. */
  store?: AdminStore;
}

type Handler = (request: Request) => Promise<Response>;

/**
 * Serves the live page (`/ui`) and the admin API (`/admin/...`) in front of the relay, everything else
 * from the relay. They are answered before the relay's client-key check, so a client key never opens
 * them and the admin key is never taken as a client key. Without an admin key both answer 404; with one,
 * only loopback clients unless `allowRemote`, and the API needs the key (401 otherwise). The page's
 * files carry no data and need only the loopback rule; it asks for the key and reads the API with it.
 *
 * @example
 * serveHandler(withAdminRoutes(handler, { key: process.env.LLM_RELAY_ADMIN_KEY, store }), { port: 8080 });
 */
export function withAdminRoutes(handler: Handler, options: AdminRoutesOptions): Handler {
  const matches = options.key === undefined || options.key === '' ? undefined : adminKeyMatcher(options.key);
  const store = options.store;
  if (matches !== undefined && store === undefined) throw new TypeError('withAdminRoutes: an admin key needs a store (new AdminStore()) fed by adminPlugin(store).');
  const admin = async (request: Request): Promise<Response> => {
    const { pathname, searchParams } = new URL(request.url);
    const page = pathname === '/ui' || pathname.startsWith('/ui/');
    if (!page && pathname !== '/admin' && !pathname.startsWith('/admin/')) return handler(request);
    if (matches === undefined || store === undefined) return adminError(404, 'admin_off', 'The admin page is off: start the relay with --admin-key (or LLM_RELAY_ADMIN_KEY) to turn it on.');
    if (options.allowRemote !== true && !isLoopback(peerAddress(request))) {
      return adminError(403, 'admin_loopback_only', 'The admin page answers loopback clients only: open it from this machine, or start the relay with --admin-remote.');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return adminError(405, 'method_not_allowed', `The admin page and API answer GET only, not ${request.method}.`);
    if (page) return adminPage(pathname);
    const presented = presentedAdminKey(request);
    if (!matches(presented)) {
      return adminError(
        401,
        presented === undefined ? 'missing_admin_key' : 'invalid_admin_key',
        presented === undefined ? 'The admin API needs the admin key: send `Authorization: Bearer <admin key>` or `x-admin-key: <admin key>`.' : 'Incorrect admin key provided.',
      );
    }
    return secured(adminApi(store, pathname, searchParams));
  };
  // Not an async function: the relay's own routes get the handler's promise itself, no extra hop.
  return (request) => {
    const url = request.url;
    // Cheap test first: the relay's own routes pay one string search, not a URL parse.
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    if (!url.startsWith('/admin', pathStart) && !url.startsWith('/ui', pathStart)) return handler(request);
    return admin(request);
  };
}
