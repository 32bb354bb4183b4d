// Every dimension a request (and its answer) can grow in, the four sizes each is measured at, and the
// doors and upstreams it runs through.
import type { UpstreamApi } from '../packages/core/src/index.js';
import { bigArguments, bigSchema, type Conversation, type Door, manyMessages, manyParts, manyToolCalls, manyTools, question, requestBody } from './dimension-requests.js';
import { type Answer, streamAnswer, wholeAnswer } from './dimension-upstream.js';

export type Route = readonly [Door, UpstreamApi];

/** Every front door to every upstream API it can reach: a Responses upstream takes Responses clients only. */
export const ALL_ROUTES: readonly Route[] = [
  ['chat', 'chat'],
  ['messages', 'chat'],
  ['responses', 'chat'],
  ['chat', 'anthropic'],
  ['messages', 'anthropic'],
  ['responses', 'anthropic'],
  ['responses', 'responses'],
];
const CHAT_UPSTREAM = ALL_ROUTES.filter(([, api]) => api === 'chat');
// One route per front door, each through a different upstream codec: what the table shows by default.
const ONE_PER_DOOR: readonly Route[] = [
  ['chat', 'anthropic'],
  ['messages', 'chat'],
  ['responses', 'responses'],
];

/** One request of a dimension at one size, and what the upstream answers. */
export interface Case {
  body: string;
  answer: Answer;
  /** The request path; the door's own by default. */
  path?: string;
  headers?: [string, string][];
  upstreamHeaders?: [string, string][];
  /** 200 unless the case is meant to be refused. */
  status?: number;
}

export interface Dimension {
  name: string;
  sizes: readonly number[];
  unit?: 'bytes';
  /** Every route the dimension can take. */
  routes: readonly Route[];
  /** The routes that set the table (default: all of `routes`); the others run with `allRoutes`. */
  main?: readonly Route[];
  /** The model's context window; default one no request here overflows. */
  window?: number;
  make(size: number, route: Route): Case;
}

const request = (door: Door, conversation: Conversation) => JSON.stringify(requestBody(door, conversation));
const plainCase = (door: Door, api: UpstreamApi): Case => ({ body: request(door, question(false)), answer: wholeAnswer(api) });

function manyHeaders(n: number): [string, string][] {
  return Array.from({ length: n }, (_, i) => [`x-header-${i}`, `value ${i}`]);
}

// The headers the relay reads or forwards, each `bytes` long.
function bigHeaders(bytes: number): [string, string][] {
  const value = 'a'.repeat(bytes);
  return [
    ['x-request-id', value],
    ['accept-language', value],
    ['openai-beta', value],
    ['anthropic-beta', value],
    ['user-agent', value],
    ['x-unread', value],
  ];
}

/** Small enough that 1,000 short messages already overflow it. */
export const SMALL_WINDOW = 8_000;

export const DIMENSIONS: readonly Dimension[] = [
  {
    name: 'messages',
    sizes: [1_000, 5_000, 20_000, 50_000],
    routes: ALL_ROUTES,
    main: [
      ['chat', 'chat'],
      ['messages', 'chat'],
      ['chat', 'anthropic'],
      ['messages', 'anthropic'],
    ],
    make: (n, [door, api]) => ({ body: request(door, manyMessages(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'messages, truncated (8k window)',
    sizes: [1_000, 5_000, 20_000, 50_000],
    routes: ALL_ROUTES,
    // The two that put the engine's edits back into the client's own request.
    main: [
      ['messages', 'anthropic'],
      ['responses', 'responses'],
    ],
    window: SMALL_WINDOW,
    make: (n, [door, api]) => ({ body: request(door, manyMessages(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'content parts in one message',
    sizes: [1_000, 5_000, 20_000, 50_000],
    routes: ALL_ROUTES,
    main: ONE_PER_DOOR,
    make: (n, [door, api]) => ({ body: request(door, manyParts(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'tool calls in one message (+ results)',
    sizes: [100, 1_000, 5_000, 10_000],
    routes: ALL_ROUTES,
    main: ONE_PER_DOOR,
    make: (n, [door, api]) => ({ body: request(door, manyToolCalls(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'tools offered',
    sizes: [10, 100, 1_000, 5_000],
    routes: ALL_ROUTES,
    main: ONE_PER_DOOR,
    make: (n, [door, api]) => ({ body: request(door, manyTools(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'nodes in one tool schema',
    sizes: [100, 1_000, 10_000, 50_000],
    routes: ALL_ROUTES,
    main: ONE_PER_DOOR,
    make: (n, [door, api]) => ({ body: request(door, bigSchema(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'one tool-call argument (request)',
    sizes: [100_000, 1_000_000, 5_000_000, 20_000_000],
    unit: 'bytes',
    routes: ALL_ROUTES,
    // Three seconds a request at 20 MB, nearly all of it the context engine's: one route in the table.
    main: [['chat', 'chat']],
    make: (n, [door, api]) => ({ body: request(door, bigArguments(n)), answer: wholeAnswer(api) }),
  },
  {
    name: 'one tool-call argument (whole answer)',
    sizes: [100_000, 1_000_000, 5_000_000, 20_000_000],
    unit: 'bytes',
    routes: ALL_ROUTES,
    main: [
      ['chat', 'chat'],
      ['messages', 'chat'],
    ],
    make: (n, [door, api]) => ({ body: request(door, question(false)), answer: wholeAnswer(api, { argumentBytes: n }) }),
  },
  {
    name: 'tool calls in one whole answer',
    sizes: [100, 1_000, 5_000, 10_000],
    routes: ALL_ROUTES,
    main: CHAT_UPSTREAM,
    make: (n, [door, api]) => ({ body: request(door, question(false)), answer: wholeAnswer(api, { calls: n }) }),
  },
  {
    name: 'stream events: text deltas',
    sizes: [1_000, 10_000, 50_000, 100_000],
    routes: ALL_ROUTES,
    main: CHAT_UPSTREAM,
    make: (n, [door, api]) => ({ body: request(door, question(true)), answer: streamAnswer(api, { kind: 'text', n }) }),
  },
  {
    name: 'stream events: one tool call\u2019s argument deltas',
    sizes: [1_000, 10_000, 50_000, 100_000],
    routes: ALL_ROUTES,
    main: [
      ['messages', 'chat'],
      ['responses', 'chat'],
    ],
    make: (n, [door, api]) => ({ body: request(door, question(true)), answer: streamAnswer(api, { kind: 'arguments', n }) }),
  },
  {
    // One event nearly as large as the relay takes (16 MiB, the arguments escaped twice), in 16 KB reads.
    name: 'stream: one tool-call argument in one event',
    sizes: [100_000, 1_000_000, 4_000_000, 12_000_000],
    unit: 'bytes',
    routes: ALL_ROUTES,
    main: CHAT_UPSTREAM,
    make: (n, [door, api]) => ({ body: request(door, question(true)), answer: streamAnswer(api, { kind: 'arguments in one event', n }) }),
  },
  {
    name: 'stream events: tool calls in one answer',
    sizes: [100, 1_000, 5_000, 10_000],
    routes: ALL_ROUTES,
    main: CHAT_UPSTREAM,
    make: (n, [door, api]) => ({ body: request(door, question(true)), answer: streamAnswer(api, { kind: 'calls', n }) }),
  },
  {
    name: 'stream events: tool calls in one answer, no index',
    sizes: [100, 1_000, 5_000, 10_000],
    routes: CHAT_UPSTREAM,
    main: [['messages', 'chat']],
    make: (n, [door, api]) => ({ body: request(door, question(true)), answer: streamAnswer(api, { kind: 'calls without index', n }) }),
  },
  {
    name: 'request headers',
    sizes: [10, 100, 1_000, 5_000],
    routes: [
      ['chat', 'chat'],
      ['messages', 'anthropic'],
    ],
    make: (n, [door, api]) => ({ ...plainCase(door, api), headers: manyHeaders(n) }),
  },
  {
    name: 'request header size (6 headers)',
    sizes: [1_000, 10_000, 100_000, 1_000_000],
    unit: 'bytes',
    routes: [
      ['chat', 'chat'],
      ['messages', 'anthropic'],
    ],
    make: (n, [door, api]) => ({ ...plainCase(door, api), headers: bigHeaders(n) }),
  },
  {
    name: 'authorization header size (refused)',
    sizes: [1_000, 10_000, 100_000, 1_000_000],
    unit: 'bytes',
    routes: [['chat', 'chat']],
    make: (n, [door, api]) => ({ ...plainCase(door, api), headers: [['authorization', `Bearer ${'k'.repeat(n)}`]], status: 401 }),
  },
  {
    name: 'upstream response headers',
    sizes: [10, 100, 1_000, 5_000],
    routes: [
      ['chat', 'chat'],
      ['messages', 'anthropic'],
    ],
    make: (n, [door, api]) => ({ ...plainCase(door, api), upstreamHeaders: manyHeaders(n) }),
  },
  {
    // The relay's model aliases include globs with two pieces after stars, which a backtracking match
    // takes quadratic time over on a name made of the first piece.
    name: 'model name length',
    sizes: [1_000, 10_000, 100_000, 1_000_000],
    unit: 'bytes',
    routes: [
      ['chat', 'chat'],
      ['messages', 'anthropic'],
      ['responses', 'responses'],
    ],
    main: [['chat', 'chat']],
    make: (n, [door, api]) => ({ body: request(door, { ...question(false), model: 'claude-'.repeat(Math.ceil(n / 7)).slice(0, n) }), answer: wholeAnswer(api) }),
  },
  {
    // Slashes, then the route: the handler trims trailing slashes from the path.
    name: 'URL path length',
    sizes: [1_000, 2_000, 4_000, 16_000],
    unit: 'bytes',
    routes: [['chat', 'chat']],
    make: (n, [door, api]) => ({ ...plainCase(door, api), path: `${'/'.repeat(n)}v1/chat/completions` }),
  },
];
