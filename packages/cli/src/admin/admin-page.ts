import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { adminError, SECURITY_HEADERS } from './admin-responses.js';

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

let files: Map<string, Uint8Array> | undefined;

/**
 * The page's own files (HTML, script, style), shipped in the package and read once: `src/admin/assets/`
 * in the sources, copied to `dist/admin-assets/` by the build. Nothing is fetched from elsewhere.
 */
function pageFiles(): Map<string, Uint8Array> {
  if (files !== undefined) return files;
  const dir = ['./assets/', './admin-assets/'].map((candidate) => new URL(candidate, import.meta.url)).find((url) => existsSync(new URL('index.html', url)));
  if (dir === undefined) throw new Error(`the admin page's files are missing next to ${fileURLToPath(import.meta.url)}: rebuild the package (pnpm build)`);
  files = new Map(Object.keys(TYPES).map((name) => [name, readFileSync(new URL(name, dir))]));
  return files;
}

/** `GET /ui` (the page) and `/ui/app.js`, `/ui/app.css`; the page holds no data, it reads `/admin/`. */
export function adminPage(path: string): Response {
  const name = path === '/ui' || path === '/ui/' ? 'index.html' : path.slice('/ui/'.length);
  const body = TYPES[name] === undefined ? undefined : pageFiles().get(name);
  if (body === undefined) return adminError(404, 'not_found', `No page file ${path}: the page is at /ui.`);
  return new Response(body as Uint8Array<ArrayBuffer>, { headers: { ...SECURITY_HEADERS, 'content-type': TYPES[name] as string } });
}
