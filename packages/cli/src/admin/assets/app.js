// The llm-relay admin page: plain DOM, no framework, nothing loaded from elsewhere. It reads the same JSON
// API a script would (/admin/...), with the admin key from this tab's session storage, and follows
// /admin/events (server-sent events, read with fetch so the key goes in a header, never in a URL).
// Every text from a request is set with textContent: a client's messages are data, never markup.

const KEY_SLOT = 'llm-relay-admin-key';
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = { blue: '#2f6fde', red: '#d8453b', green: '#2e9b5f', amber: '#c98a12', violet: '#7a55c8', grey: '#9aa3b2' };
const PALETTE = [COLORS.blue, COLORS.green, COLORS.amber, COLORS.violet, COLORS.red];

const state = { key: sessionStorage.getItem(KEY_SLOT), live: undefined, recent: [], dirty: false, route: '' };

// ---- DOM helpers ----

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function s(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) if (value !== undefined) el.setAttribute(name, String(value));
  return el;
}

const fmt = {
  int: (n) => (n === undefined || n === null ? '–' : Math.round(n).toLocaleString('en-US')),
  ms: (n) => (n === undefined || n === null ? '–' : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(n < 10 ? 1 : 0)} ms`),
  pct: (n) => (n === undefined || n === null || Number.isNaN(n) ? '–' : `${(n * 100).toFixed(1)}%`),
  tokens: (n) => (n === undefined || n === null ? '–' : n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n)),
  time: (t) => new Date(t).toLocaleTimeString('en-GB'),
  clock: (t) => new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }),
  short: (id) => (id === undefined ? '–' : id.length > 14 ? `${id.slice(0, 12)}…` : id),
};

function statusCell(status) {
  return h('td', { class: status < 400 ? 'status-ok' : 'status-err' }, status);
}

function card(label, value) {
  return h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value));
}

function table(headers, rows) {
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((name) =>
          h(
            'th',
            { class: /^(#|requests|errors|tokens|cached|duration|ttfb|in|out|cuts|window|share|budget|before|after|dropped|cleared|capped|protected|chars)/i.test(name) ? 'num' : undefined },
            name,
          ),
        ),
      ),
    ),
    h('tbody', {}, rows),
  );
}

const num = (value) => h('td', { class: 'num' }, value);

// ---- charts: hand-drawn SVG, one polyline per series ----

/**
 * A line chart. `series`: [{ name, color, values: (number|null)[], dash, dots }], `xs`: a label per point,
 * `markers`: indices to mark with a red tick (cuts). Empty values leave a gap.
 */
function chart({ title, xs, series, yFormat = fmt.int, markers = [], yMax, width = 460, height = 200, wide = false }) {
  const pad = { left: 56, right: 12, top: 10, bottom: 24 };
  const all = series.flatMap((line) => line.values.filter((v) => v !== null && v !== undefined));
  const top = yMax ?? Math.max(1, ...all) * 1.08;
  const n = Math.max(xs.length, 1);
  const x = (i) => pad.left + (n === 1 ? (width - pad.left - pad.right) / 2 : (i / (n - 1)) * (width - pad.left - pad.right));
  const y = (v) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, 'data-points': String(all.length) });
  for (let k = 0; k <= 4; k += 1) {
    const v = (top * k) / 4;
    svg.append(s('line', { class: 'grid', x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v) }));
    const label = s('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' });
    label.textContent = yFormat(v);
    svg.append(label);
  }
  const ticks = Math.min(6, n);
  for (let k = 0; k < ticks; k += 1) {
    const i = ticks === 1 ? 0 : Math.round((k * (n - 1)) / (ticks - 1));
    const label = s('text', { x: x(i), y: height - 6, 'text-anchor': ticks > 1 && k === 0 ? 'start' : ticks > 1 && k === ticks - 1 ? 'end' : 'middle' });
    label.textContent = xs[i] ?? '';
    svg.append(label);
  }
  for (const i of markers) svg.append(s('line', { x1: x(i), x2: x(i), y1: pad.top, y2: height - pad.bottom, stroke: COLORS.red, 'stroke-opacity': 0.25 }));
  for (const line of series) {
    let d = '';
    line.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      d += `${d === '' || line.values[i - 1] === null || line.values[i - 1] === undefined ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (d !== '') svg.append(s('path', { d, fill: 'none', stroke: line.color, 'stroke-width': 2, 'stroke-dasharray': line.dash ? '6 4' : undefined, 'data-series': line.name }));
    // A point with no neighbour draws no line: it gets a dot, so one busy minute still shows.
    const lonely = (i) => (line.values[i - 1] ?? null) === null && (line.values[i + 1] ?? null) === null;
    line.values.forEach((v, i) => {
      if (v === null || v === undefined || !(line.dots || lonely(i))) return;
      svg.append(s('circle', { cx: x(i), cy: y(v), r: line.dots ? 2.5 : 3.5, fill: line.color, 'data-series': line.name }));
    });
  }
  const legend = h(
    'div',
    { class: 'legend' },
    series.map((line) => h('span', {}, h('i', {}), line.name)),
  );
  // Colours set through the DOM, not inline style attributes: the page's CSP allows no inline styles.
  series.forEach((line, k) => (legend.children[k].firstChild.style.background = line.color));
  return h('div', { class: wide ? 'panel wide' : 'panel' }, h('h3', {}, title), svg, legend);
}

// ---- the API ----

class Refused extends Error {}

async function api(path) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${state.key ?? ''}` } });
  if (response.status === 401 || response.status === 403) {
    const body = await response.json().catch(() => ({}));
    throw new Refused(body.error?.message ?? `refused (${response.status})`);
  }
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

function showLogin(message) {
  stopLive();
  document.getElementById('login').hidden = false;
  document.getElementById('view').replaceChildren();
  document.getElementById('sign-out').hidden = true;
  const refused = document.getElementById('refused');
  refused.hidden = message === undefined;
  refused.textContent = message ?? '';
}

// ---- views ----

async function overviewView() {
  const data = await api('/admin/overview');
  const minutes = data.minutes;
  const last = minutes.at(-1);
  const xs = minutes.map((m) => fmt.clock(m.t));
  const totals = data.totals;
  const byTable = (title, rows) =>
    h(
      'div',
      { class: 'panel' },
      h('h3', {}, title),
      table(
        ['name', 'requests', 'errors', 'tokens in', 'tokens out', 'cached share'],
        rows.map((row) =>
          h(
            'tr',
            {},
            h('td', {}, row.name === '' ? '(none)' : row.name),
            num(fmt.int(row.requests)),
            num(fmt.int(row.errors)),
            num(fmt.tokens(row.promptTokens)),
            num(fmt.tokens(row.completionTokens)),
            num(fmt.pct(row.cachedShare)),
          ),
        ),
      ),
    );
  // Requests per minute of the five busiest names of a dimension, one line each.
  const byName = (dimension, rows) =>
    chart({
      title: `Requests per minute by ${dimension === 'key' ? 'client key' : dimension}`,
      xs,
      series: rows.slice(0, 5).map((row, k) => ({ name: row.name === '' ? '(none)' : row.name, color: PALETTE[k], values: minutes.map((m) => m.requestsBy?.[dimension]?.[row.name] ?? 0) })),
    });
  return [
    h('h2', {}, 'Last hour ', h('span', { class: 'muted' }, `(this process; ${fmt.int(data.total)} requests since ${fmt.time(data.startedAt)})`)),
    h(
      'div',
      { class: 'cards', id: 'overview-cards' },
      card('requests/s (this minute)', ((last?.requests ?? 0) / 60).toFixed(2)),
      card('in flight', fmt.int(data.inFlight)),
      card('requests / errors', `${fmt.int(totals.requests)} / ${fmt.int(totals.errors)}`),
      card('latency p50 / p95', `${fmt.ms(totals.latencyP50)} / ${fmt.ms(totals.latencyP95)}`),
      card('first byte p50 / p95', `${fmt.ms(totals.ttfbP50)} / ${fmt.ms(totals.ttfbP95)}`),
      card('tokens in / out', `${fmt.tokens(totals.promptTokens)} / ${fmt.tokens(totals.completionTokens)}`),
      card('read from cache', fmt.pct(totals.cachedShare)),
    ),
    h(
      'div',
      { class: 'charts' },
      chart({
        title: 'Requests and errors per minute',
        xs,
        series: [
          { name: 'requests', color: COLORS.blue, values: minutes.map((m) => m.requests) },
          { name: 'errors', color: COLORS.red, values: minutes.map((m) => m.errors) },
        ],
      }),
      chart({
        title: 'Latency per minute',
        xs,
        yFormat: fmt.ms,
        series: [
          { name: 'p50', color: COLORS.blue, values: minutes.map((m) => m.latencyP50 ?? null) },
          { name: 'p95', color: COLORS.violet, values: minutes.map((m) => m.latencyP95 ?? null) },
        ],
      }),
      chart({
        title: 'Time to first byte per minute',
        xs,
        yFormat: fmt.ms,
        series: [
          { name: 'p50', color: COLORS.green, values: minutes.map((m) => m.ttfbP50 ?? null) },
          { name: 'p95', color: COLORS.amber, values: minutes.map((m) => m.ttfbP95 ?? null) },
        ],
      }),
      chart({
        title: "Share of the prompt read from the provider's cache, per minute",
        xs,
        yFormat: fmt.pct,
        yMax: 1,
        series: [{ name: 'read from cache', color: COLORS.amber, values: minutes.map((m) => (m.promptTokens > 0 ? m.cachedTokens / m.promptTokens : null)) }],
      }),
      chart({
        title: 'Tokens per minute',
        xs,
        yFormat: fmt.tokens,
        series: [
          { name: 'in', color: COLORS.blue, values: minutes.map((m) => m.promptTokens) },
          { name: 'out', color: COLORS.green, values: minutes.map((m) => m.completionTokens) },
          { name: 'read from cache', color: COLORS.amber, values: minutes.map((m) => m.cachedTokens) },
        ],
      }),
    ),
    h('div', { class: 'charts' }, byName('model', data.byModel), byName('upstream', data.byUpstream), byName('key', data.byKey)),
    h('div', { class: 'charts' }, byTable('By model', data.byModel), byTable('By upstream', data.byUpstream), byTable('By client key', data.byKey)),
  ];
}

async function sessionsView() {
  const data = await api('/admin/sessions');
  const rows = data.sessions.map((session) =>
    h(
      'tr',
      { class: 'link', 'data-session': session.id, onclick: () => (location.hash = `#sessions/${encodeURIComponent(session.id)}`) },
      h('td', { class: 'mono', title: session.id }, fmt.short(session.id)),
      h('td', {}, session.source ?? '–'),
      h('td', {}, session.upstreamModel ?? session.model ?? '–'),
      h('td', {}, session.keyName ?? '–'),
      num(fmt.int(session.requests)),
      num(fmt.int(session.cuts)),
      num(session.budget ? `${fmt.tokens(session.lastTokensAfter)} / ${fmt.tokens(session.budget)}` : fmt.tokens(session.lastTokensAfter)),
      num(fmt.pct(session.cachedShare)),
      h('td', {}, fmt.time(session.lastSeen)),
    ),
  );
  return [
    h('h2', {}, `Sessions (${data.sessions.length}, the newest ${data.maxSessions} kept)`),
    rows.length === 0 ? h('p', { class: 'muted' }, 'No conversation yet.') : table(['session', 'source', 'model', 'key', 'requests', 'cuts', 'window (last)', 'cached share', 'last seen'], rows),
  ];
}

async function sessionView(id) {
  const session = await api(`/admin/sessions/${encodeURIComponent(id)}`);
  const points = session.points;
  const xs = points.map((_, i) => String(session.requests - points.length + i + 1));
  const cuts = points.map((p, i) => [p, i]).filter(([p]) => p.stage !== undefined && p.stage !== 'none');
  const windowChart = chart({
    title: 'Window use, request by request (tokens before and after the cut, against the budget)',
    xs,
    yFormat: fmt.tokens,
    markers: cuts.map(([, i]) => i),
    width: 1200,
    height: 300,
    wide: true,
    series: [
      { name: 'before the cut', color: COLORS.grey, values: points.map((p) => p.tokensBefore ?? p.promptTokens ?? null), dots: true },
      { name: 'sent', color: COLORS.blue, values: points.map((p) => p.tokensAfter ?? p.promptTokens ?? null), dots: true },
      { name: 'budget', color: COLORS.red, values: points.map((p) => p.budget ?? null), dash: true },
    ],
  });
  windowChart.id = 'window-chart';
  const cacheChart = chart({
    title: "Share of the prompt read from the provider's cache",
    xs,
    yFormat: fmt.pct,
    yMax: 1,
    width: 1200,
    height: 180,
    wide: true,
    series: [{ name: 'cached share', color: COLORS.amber, values: points.map((p) => p.cachedShare ?? null), dots: true }],
  });
  const cutRows = cuts.map(([p, i]) =>
    h(
      'tr',
      { class: 'link', 'data-cut': p.requestId, onclick: () => (location.hash = `#requests/${encodeURIComponent(p.requestId)}`) },
      num(xs[i]),
      h('td', {}, fmt.time(p.at)),
      h('td', {}, h('span', { class: 'badge stage' }, p.stage)),
      num(`${fmt.tokens(p.tokensBefore)} → ${fmt.tokens(p.tokensAfter)}`),
      num(fmt.tokens(p.budget)),
      num(`${p.turnsDropped} turns / ${p.messagesDropped} msgs`),
      num(fmt.int(p.cleared)),
      num(fmt.int(p.capped)),
      num(fmt.int(p.protectedRecent)),
      num(fmt.pct(p.cachedShare)),
    ),
  );
  return [
    h('a', { class: 'back', href: '#sessions' }, '← sessions'),
    h('h2', {}, 'Session ', h('span', { class: 'mono' }, session.id)),
    h(
      'dl',
      { class: 'kv panel' },
      h('dt', {}, 'identified by'),
      h('dd', {}, session.source === 'client' ? 'the client (session id it sent)' : 'a hash of the system prompt and the task'),
      h('dt', {}, 'model'),
      h('dd', {}, `${session.model ?? '–'} → ${session.upstreamModel ?? '–'}`),
      h('dt', {}, 'client key'),
      h('dd', {}, session.keyName ?? '–'),
      h('dt', {}, 'requests'),
      h('dd', {}, `${fmt.int(session.requests)} (${fmt.int(session.errors)} errors), ${fmt.int(session.cuts)} cut by the context engine`),
      h('dt', {}, 'seen'),
      h('dd', {}, `${fmt.time(session.firstSeen)} – ${fmt.time(session.lastSeen)}`),
    ),
    h('div', { class: 'charts' }, windowChart, cacheChart),
    h('h2', {}, `Cuts (${cuts.length} of the ${points.length} requests charted)`),
    cutRows.length === 0
      ? h('p', { class: 'muted' }, 'The context engine has not cut this session.')
      : h('div', { id: 'cuts' }, table(['#', 'time', 'stage', 'tokens before → after', 'budget', 'dropped', 'cleared', 'capped', 'protected', 'cached share'], cutRows)),
  ];
}

function requestRow(r) {
  return h(
    'tr',
    { class: 'link', 'data-request': r.requestId, onclick: () => (location.hash = `#requests/${encodeURIComponent(r.requestId)}`) },
    h('td', {}, fmt.time(r.startedAt)),
    statusCell(r.status),
    h('td', { class: 'mono' }, `${r.method} ${r.path}`),
    h('td', {}, r.upstreamModel ?? r.model ?? '–'),
    h('td', { class: 'mono', title: r.sessionId ?? '' }, fmt.short(r.sessionId)),
    h('td', {}, r.keyName ?? '–'),
    num(fmt.tokens(r.promptTokens)),
    num(fmt.tokens(r.completionTokens)),
    num(fmt.tokens(r.cachedTokens)),
    h('td', {}, r.stage && r.stage !== 'none' ? h('span', { class: 'badge stage' }, r.stage) : '–'),
    num(fmt.ms(r.durationMs)),
    num(fmt.ms(r.ttfbMs)),
  );
}

const REQUEST_HEADERS = ['time', 'status', 'request', 'model', 'session', 'key', 'tokens in', 'out', 'cached', 'cut', 'duration', 'ttfb'];

async function requestsView() {
  const data = await api('/admin/requests?limit=200');
  state.recent = data.requests;
  return [
    h(
      'h2',
      {},
      'Recent requests ',
      h(
        'span',
        { class: 'muted' },
        `(${fmt.int(data.ring.entries)} kept, ${(data.ring.bytes / 1048576).toFixed(1)} of ${(data.ring.maxBytes / 1048576).toFixed(0)} MiB; new ones appear as they finish)`,
      ),
    ),
    h('div', { id: 'requests' }, table(REQUEST_HEADERS, data.requests.map(requestRow))),
  ];
}

async function requestView(id) {
  const data = await api(`/admin/requests/${encodeURIComponent(id)}`);
  const r = data.record;
  const t = data.truncation;
  const marks = { kept: 0, dropped: 0, cleared: 0, capped: 0 };
  for (const m of data.messages) marks[m.mark] += 1;
  const messageRows = data.messages.map((m) =>
    h(
      'tr',
      { 'data-mark': m.mark, 'data-index': m.index },
      num(m.index),
      h('td', {}, m.role, m.toolCalls ? h('div', { class: 'muted' }, `calls ${m.toolCalls.join(', ')}`) : undefined, m.toolCallId ? h('div', { class: 'muted mono' }, m.toolCallId) : undefined),
      h('td', {}, h('span', { class: `badge ${m.mark}` }, m.mark), m.protected ? h('span', { class: 'badge protected' }, 'protected') : undefined),
      num(fmt.int(m.chars)),
      h('td', {}, h('div', { class: 'text' }, m.text)),
      h(
        'td',
        {},
        m.mark === 'dropped'
          ? h('span', { class: 'muted' }, 'not sent')
          : m.sentText === undefined
            ? h('span', { class: 'muted' }, 'as sent by the client')
            : [h('div', { class: 'muted' }, `${fmt.int(m.sentChars)} chars sent`), h('div', { class: 'text' }, m.sentText)],
      ),
    ),
  );
  const collapsed = collapseDropped(data.messages, messageRows);
  const attempts = data.attempts.map((a) =>
    h('tr', {}, num(a.attempt), h('td', {}, a.upstream), h('td', {}, a.model ?? '–'), h('td', {}, a.status ?? a.error ?? '–'), num(fmt.ms(a.durationMs)), h('td', {}, a.willRetry ? 'yes' : 'no')),
  );
  return [
    h('a', { class: 'back', href: '#requests' }, '← requests'),
    h('h2', {}, 'Request ', h('span', { class: 'mono' }, r.requestId)),
    h(
      'div',
      { class: 'row' },
      h(
        'dl',
        { class: 'kv panel', id: 'answer' },
        h('dt', {}, 'status'),
        h('dd', {}, `${r.status}${r.outcome ? ` (${r.outcome})` : ''}${r.error ? `: ${r.error}` : ''}`),
        h('dt', {}, 'route'),
        h('dd', {}, `${r.method} ${r.path} (${r.protocol ?? data.summary.route})${r.stream ? ', streamed' : ''}`),
        h('dt', {}, 'model'),
        h('dd', {}, `${r.model ?? '–'} → ${r.upstream ?? '–'} / ${r.upstreamModel ?? '–'}`),
        h('dt', {}, 'session'),
        h('dd', { class: 'mono' }, r.sessionId ?? '–'),
        h('dt', {}, 'client key'),
        h('dd', {}, r.keyName ?? '–'),
        h('dt', {}, 'usage'),
        h('dd', {}, `${fmt.int(r.promptTokens)} in (${fmt.int(r.cachedTokens)} from cache, ${fmt.int(r.cacheWriteTokens)} written), ${fmt.int(r.completionTokens)} out`),
        h('dt', {}, 'timing'),
        h('dd', {}, `first byte ${fmt.ms(r.ttfbMs)}, whole ${fmt.ms(r.durationMs)}, ${fmt.int(r.attempts ?? 0)} upstream calls`),
        h('dt', {}, 'repaired tool calls'),
        h('dd', {}, r.repaired?.length ? r.repaired.map((c) => `${c.name ?? '?'} (${c.kind}, ${c.family})`).join('; ') : 'none'),
      ),
      h(
        'dl',
        { class: 'kv panel', id: 'cut-report' },
        ...(t === undefined
          ? [h('dt', {}, 'context engine'), h('dd', {}, 'off for this request')]
          : [
              h('dt', {}, 'stage'),
              h('dd', {}, h('span', { class: 'badge stage' }, t.stage)),
              h('dt', {}, 'tokens'),
              h('dd', {}, `${fmt.int(t.tokensBefore)} → ${fmt.int(t.tokensAfter)} (budget ${fmt.int(t.budget)}, cut down to ${fmt.int(t.lowWater)})`),
              h('dt', {}, 'messages'),
              h('dd', {}, `${fmt.int(t.messagesBefore)} → ${fmt.int(t.messagesAfter)}`),
              h('dt', {}, 'dropped'),
              h('dd', {}, `${t.turnsDropped} turns, ${t.messagesDropped} messages`),
              h('dt', {}, 'cleared / capped'),
              h('dd', {}, `${t.toolResultsCleared} tool results / ${t.messagesCapped} messages`),
              h('dt', {}, 'protected'),
              h('dd', {}, `the newest ${t.protectedRecent} messages`),
            ]),
      ),
    ),
    attempts.length > 0 ? [h('h3', {}, 'Upstream calls'), table(['#', 'upstream', 'model', 'status', 'duration', 'retried'], attempts)] : [],
    h('h3', {}, `Messages: ${data.messages.length} from the client, ${data.sentCount} sent upstream (${marks.kept} kept, ${marks.dropped} dropped, ${marks.cleared} cleared, ${marks.capped} capped)`),
    data.messages.length === 0
      ? h('p', { class: 'muted' }, 'No conversation on this route.')
      : h('div', { id: 'messages' }, table(['#', 'role', 'mark', 'chars', 'the client sent', 'went upstream'], collapsed)),
    h('h3', {}, 'Request headers (keys and tokens redacted)'),
    h(
      'div',
      { id: 'headers' },
      table(
        ['name', 'value'],
        data.headers.map(([name, value]) => h('tr', {}, h('td', { class: 'mono' }, name), h('td', { class: 'mono' }, value))),
      ),
    ),
  ];
}

/** Runs of 3 or more dropped messages fold into one row that unfolds them: the cut's edges stay in view. */
function collapseDropped(messages, rows) {
  const out = [];
  for (let i = 0; i < rows.length; ) {
    let end = i;
    while (end < rows.length && messages[end].mark === 'dropped') end += 1;
    if (end - i < 3) {
      out.push(rows[i]);
      i += 1;
      continue;
    }
    const run = rows.slice(i, end);
    for (const row of run) row.hidden = true;
    const label = `${run.length} messages dropped (#${messages[i].index} to #${messages[end - 1].index}, ${fmt.int(messages.slice(i, end).reduce((sum, m) => sum + m.chars, 0))} chars): not sent upstream`;
    const toggle = h(
      'tr',
      { class: 'link run', 'data-run': run.length },
      h('td', { colspan: 6 }, h('span', { class: 'badge dropped' }, 'dropped'), label, h('button', { type: 'button', class: 'unfold' }, 'show')),
    );
    toggle.addEventListener('click', () => {
      const show = run[0].hidden;
      for (const row of run) row.hidden = !show;
      toggle.querySelector('button').textContent = show ? 'hide' : 'show';
    });
    out.push(toggle, ...run);
    i = end;
  }
  return out;
}

// ---- routing and rendering ----

async function render() {
  const hash = decodeURIComponent(location.hash.slice(1)) || 'overview';
  const [view, id] = [hash.split('/')[0], hash.split('/').slice(1).join('/')];
  state.route = hash;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.nav === view);
  if (!state.key) return showLogin();
  try {
    const content = view === 'sessions' ? (id ? await sessionView(id) : await sessionsView()) : view === 'requests' ? (id ? await requestView(id) : await requestsView()) : await overviewView();
    if (state.route !== hash) return;
    document.getElementById('login').hidden = true;
    document.getElementById('sign-out').hidden = false;
    const target = document.getElementById('view');
    target.dataset.view = id ? `${view}-detail` : view;
    target.replaceChildren(...[content].flat(2));
    // A new view starts at its top; a live redraw of the same view keeps the reader's place.
    if (state.shown !== hash) window.scrollTo(0, 0);
    state.shown = hash;
    startLive();
  } catch (error) {
    if (error instanceof Refused) {
      sessionStorage.removeItem(KEY_SLOT);
      state.key = null;
      return showLogin(`Refused: ${error.message}`);
    }
    document.getElementById('view').replaceChildren(h('p', { class: 'refused' }, String(error.message ?? error)));
  }
}

// ---- live: /admin/events read with fetch (EventSource cannot send the key in a header) ----

function setLive(on, text) {
  const badge = document.getElementById('live');
  badge.className = `live ${on ? 'on' : 'off'}`;
  badge.textContent = text;
}

function stopLive() {
  state.live?.abort();
  state.live = undefined;
  setLive(false, 'offline');
}

function startLive() {
  if (state.live !== undefined) return;
  const controller = new AbortController();
  state.live = controller;
  follow(controller)
    .catch(() => undefined)
    .finally(() => {
      if (state.live !== controller) return;
      state.live = undefined;
      setLive(false, 'reconnecting');
      setTimeout(() => state.key && startLive(), 2000);
    });
}

async function follow(controller) {
  const response = await fetch('/admin/events', { headers: { authorization: `Bearer ${state.key}` }, signal: controller.signal });
  if (!response.ok || response.body === null) throw new Error(`events answered ${response.status}`);
  setLive(true, 'live');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === 'request' && data !== undefined) onRequestEvent(JSON.parse(data));
    }
  }
}

function onRequestEvent(summary) {
  const list = document.querySelector('#view[data-view="requests"] #requests tbody');
  if (list !== null) {
    const row = requestRow(summary);
    row.classList.add('fresh');
    list.prepend(row);
    while (list.children.length > 500) list.lastElementChild.remove();
    return;
  }
  // Other views are redrawn from the API, at most every 3 s while requests keep finishing.
  const view = document.getElementById('view').dataset.view;
  const affected = view === 'overview' || view === 'sessions' || (view === 'sessions-detail' && state.route === `sessions/${summary.sessionId}`);
  if (affected && !state.dirty) {
    state.dirty = true;
    setTimeout(() => {
      state.dirty = false;
      void render();
    }, 3000);
  }
}

document.getElementById('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('key');
  state.key = input.value.trim();
  input.value = '';
  sessionStorage.setItem(KEY_SLOT, state.key);
  void render();
});

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_SLOT);
  state.key = null;
  showLogin();
});

window.addEventListener('hashchange', () => void render());
void render();
