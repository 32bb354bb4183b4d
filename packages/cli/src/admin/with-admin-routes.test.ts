import { describe, expect, it } from 'vitest';
import { AdminStore } from './admin-store.js';
import { PEER_HEADER } from './peer-address.js';
import { withAdminRoutes } from './with-admin-routes.js';

const KEY = 'admin-key-0123456789abcdef';
const relay = async () => new Response('relayed');
const get = (path: string, peer: string | undefined, key = KEY) =>
  new Request(`http://relay${path}`, { headers: { authorization: `Bearer ${key}`, ...(peer === undefined ? {} : { [PEER_HEADER]: peer }) } });

describe('withAdminRoutes', () => {
  it('answers loopback clients only, unless remote clients are allowed', async () => {
    const local = withAdminRoutes(relay, { key: KEY, store: new AdminStore() });
    expect((await local(get('/admin/overview', '127.0.0.1'))).status).toBe(200);
    expect((await local(get('/admin/overview', '::1'))).status).toBe(200);
    for (const peer of ['10.0.0.7', '::ffff:192.168.1.4', undefined]) {
      const refused = await local(get('/admin/overview', peer));
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('--admin-remote');
      expect((await local(get('/ui', peer))).status).toBe(403);
    }
    const remote = withAdminRoutes(relay, { key: KEY, allowRemote: true, store: new AdminStore() });
    expect((await remote(get('/admin/overview', '10.0.0.7'))).status).toBe(200);
    expect((await remote(get('/admin/overview', '10.0.0.7', 'wrong-key-0123456789'))).status).toBe(401);
  });

  it('leaves every other path to the relay, /uikit and /administrator included', async () => {
    const routes = withAdminRoutes(relay, { key: KEY, store: new AdminStore() });
    for (const path of ['/v1/chat/completions', '/uikit', '/administrator', '/health?ui=1']) expect(await (await routes(get(path, '10.0.0.7'))).text()).toBe('relayed');
  });
});
