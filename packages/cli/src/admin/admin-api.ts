import { adminError, json } from './admin-responses.js';
import type { AdminStore } from './admin-store.js';
import { markMessages } from './message-marks.js';
import { headerPairs } from './redact-headers.js';
import { summarizeEntry } from './request-summary.js';
import type { Session } from './session-table.js';

const MAX_LIST = 1_000;

/**
 * The admin JSON API (already authenticated), for the page and for scripts. Every answer is JSON except
 * `/admin/events`, a `text/event-stream`.
 *
 * - `GET /admin/overview`: the last hour by minute, totals, in flight, by model, upstream and client key.
 * - `GET /admin/sessions`: the sessions seen, most recently active first (without their points).
 * - `GET /admin/sessions/:id`: one session with its points, request by request.
 * - `GET /admin/requests?limit=&session=`: the newest requests in the inspector's ring, and the ring's size.
 * - `GET /admin/requests/:id`: one request: record, redacted headers, attempts, marked messages.
 * - `GET /admin/events`: a `request` event as each request finishes.
 */
export function adminApi(store: AdminStore, path: string, query: URLSearchParams): Response {
  const parts = path
    .split('/')
    .filter((part) => part !== '')
    .slice(1);
  const [what, id, extra] = parts;
  if (extra !== undefined) return notFound(path);
  if (what === 'overview' && id === undefined) return json(overview(store));
  if (what === 'sessions' && id === undefined) return json({ sessions: store.sessions.list().map(sessionSummary), maxSessions: store.sessions.maxSessions });
  if (what === 'sessions') {
    const session = store.sessions.get(decode(id));
    return session === undefined ? adminError(404, 'session_not_found', `No session ${JSON.stringify(decode(id))} is remembered (the newest ${store.sessions.maxSessions} are).`) : json(session);
  }
  if (what === 'requests' && id === undefined) {
    const limit = Math.min(MAX_LIST, Math.max(1, Number(query.get('limit') ?? 100) || 100));
    const session = query.get('session');
    const entries = store.ring.newest(limit, session === null ? undefined : (entry) => entry.record.sessionId === session);
    return json({
      requests: entries.map(summarizeEntry),
      ring: { entries: store.ring.size, bytes: store.ring.bytes, maxBytes: store.ring.maxBytes, maxEntries: store.ring.maxEntries },
      total: store.total,
    });
  }
  if (what === 'requests') {
    const entry = store.ring.get(decode(id));
    if (entry === undefined)
      return adminError(404, 'request_not_found', `Request ${JSON.stringify(decode(id))} is not in the inspector's ring any more (it keeps the newest ${formatMiB(store.ring.maxBytes)}).`);
    return json({
      summary: summarizeEntry(entry),
      record: entry.record,
      headers: headerPairs(entry.headers),
      attempts: entry.attempts,
      truncation: entry.sent?.report ?? entry.record.truncation,
      messages: entry.request === undefined ? [] : markMessages(entry.request, entry.sent),
      sentCount: entry.sent?.messages.length ?? entry.request?.messages.length ?? 0,
    });
  }
  if (what === 'events' && id === undefined) {
    return store.feed.open() ?? adminError(503, 'too_many_streams', 'Too many admin pages are following live events; close one and reload.');
  }
  return notFound(path);
}

function overview(store: AdminStore) {
  const now = store.now();
  return { now, startedAt: store.startedAt, inFlight: store.inFlight, total: store.total, scope: 'this process', ...store.minutes.summary(now) };
}

function sessionSummary(session: Session) {
  const { points, ...rest } = session;
  const last = points.at(-1);
  return {
    ...rest,
    cachedShare: session.promptTokens === 0 ? 0 : session.cachedTokens / session.promptTokens,
    lastTokensBefore: last?.tokensBefore,
    lastTokensAfter: last?.tokensAfter ?? last?.promptTokens,
    budget: last?.budget,
    lastStage: last?.stage,
  };
}

function notFound(path: string): Response {
  return adminError(404, 'not_found', `No admin endpoint ${path}: see /admin/overview, /admin/sessions, /admin/requests and /admin/events.`);
}

function decode(part: string | undefined): string {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    return part ?? '';
  }
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
