// What tool-call repair adds to a streamed answer, in process (no network noise): the relay's Chat stream
// stage over the same upstream bytes with the repair stage on and off, alternated pass by pass.
import { messagesFrontDoor, offeredTools, TOOL_CALL_FAMILIES } from '../packages/core/src/index.js';
import { relayEventStream } from '../packages/core/src/sse/relay-event-stream.js';
import { translateChatStream } from '../packages/core/src/sse/translate-chat-stream.js';
import { ChatStreamRepair } from '../packages/core/src/tool-repair/chat-stream-repair.js';
import { FAMILY_ENCODERS } from '../packages/core/src/tool-repair/families/encode-tool-calls.js';
import { median } from './stats.js';

const CHUNKS = 4_000;
const PASSES = 12;
const TTFB_ROUNDS = 3_000;
const TOOLS = offeredTools([{ type: 'function', function: { name: 'bash', parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] } } }]);
const encoder = new TextEncoder();
// Token-sized pieces of ordinary coding prose, a '<' or '[' among them as real answers have.
const WORDS = ['The ', 'function ', 'returns ', 'a ', 'list', ' of ', '`items`', ' where ', 'x < y', ' and ', '[0]', ' is ', 'first', '.\n'];

function upstreamBytes(): Uint8Array {
  let sse = '';
  for (let i = 0; i < CHUNKS; i += 1) {
    sse += `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: WORDS[i % WORDS.length] }, finish_reason: null }] })}\n\n`;
  }
  sse += `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
  return encoder.encode(sse);
}

/** The upstream body split into its events: one network read each, as a provider's chunks arrive. */
function eventsOf(bytes: Uint8Array): Uint8Array[] {
  const events: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i + 1 < bytes.length; i += 1) {
    if (bytes[i] === 10 && bytes[i + 1] === 10) {
      events.push(bytes.subarray(from, i + 2));
      from = i + 2;
    }
  }
  return events;
}

function upstreamOf(events: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const event = events[next++];
      if (event === undefined) controller.close();
      else controller.enqueue(event);
    },
  });
}

const silent = { repaired: () => undefined, unrepaired: () => undefined };
const stage = () => new ChatStreamRepair(TOOL_CALL_FAMILIES, TOOLS, 1_048_576, silent);
type Route = 'chat' | 'messages';

function relayed(bytes: Uint8Array[], route: Route, repair: boolean): ReadableStream<Uint8Array> {
  const options = { idleTimeoutMs: 60_000, stage: repair ? stage() : undefined };
  if (route === 'chat') return relayEventStream(upstreamOf(bytes), { ...options, stripUsage: true });
  const writer = messagesFrontDoor.decode({ model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'x' }] }).writer!();
  return translateChatStream(upstreamOf(bytes), writer, options);
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
}

async function firstByteMs(bytes: Uint8Array[], repair: boolean): Promise<number> {
  const started = performance.now();
  const reader = relayed(bytes, 'chat', repair).getReader();
  await reader.read();
  const at = performance.now() - started;
  await reader.cancel();
  return at;
}

export interface ToolRepairTimings {
  chunks: number;
  passes: number;
  /** Microseconds per chunk, median over passes, per route. */
  perChunkUs: Record<Route, { off: number; on: number }>;
  /** Time to the first text byte, median over rounds, in microseconds. */
  firstByteUs: { off: number; on: number };
}

export async function toolRepairTimings(): Promise<ToolRepairTimings> {
  const bytes = eventsOf(upstreamBytes());
  const perChunkUs = { chat: { off: 0, on: 0 }, messages: { off: 0, on: 0 } };
  for (const route of ['chat', 'messages'] as const) {
    const times = { off: [] as number[], on: [] as number[] };
    // Warm-up, then alternated passes (off, on, off, on ...).
    for (let i = 0; i < 3; i += 1) for (const repair of [false, true]) await drain(relayed(bytes, route, repair));
    for (let pass = 0; pass < PASSES; pass += 1) {
      for (const repair of [false, true]) {
        const started = performance.now();
        await drain(relayed(bytes, route, repair));
        times[repair ? 'on' : 'off'].push(((performance.now() - started) * 1_000) / CHUNKS);
      }
    }
    perChunkUs[route] = { off: median(times.off), on: median(times.on) };
  }
  const first = { off: [] as number[], on: [] as number[] };
  for (let round = 0; round < TTFB_ROUNDS; round += 1) {
    for (const repair of [false, true]) first[repair ? 'on' : 'off'].push((await firstByteMs(bytes, repair)) * 1_000);
  }
  return { chunks: CHUNKS, passes: PASSES, perChunkUs, firstByteUs: { off: median(first.off), on: median(first.on) } };
}

export interface ParseScaling {
  /** The family whose 10 MB parse took longest, with its times at 5 and 10 MB (fastest of 5, ms). */
  worst: { family: string; small: number; large: number };
  /** The largest ratio of 10 MB to 5 MB time over families and inputs (about 2 when linear). */
  worstRatio: number;
}

/**
 * Every family's parser on texts of 5 and 10 MB: one call holding the whole size, calls of a few dozen
 * bytes each, and calls each cut off inside a value. Linear work shows as a ratio near two.
 */
export function parseScaling(): ParseScaling {
  // Below a few MB the times fall out of step with size (heap and cache regimes, not the parsers: 1, 2, 4 and
  // 8 MB of Qwen3-Coder calls took 27, 59, 134 and 269 ms), so the ratio is taken between 5 and 10 MB.
  const sizes = [5 * 1024 * 1024, 10 * 1024 * 1024];
  let worst = { family: '', small: 0, large: 0 };
  let worstRatio = 0;
  for (const encoder of FAMILY_ENCODERS) {
    const variant = encoder.variants[0] as string;
    const unit = encoder.encode([{ name: 'x', args: { a: 'b' } }], variant);
    const broken = encoder.style === 'json' ? unit.replace('"b"', '"b') : unit.replace(/<\/(parameter|arg_value|｜DSML｜parameter)>/, '');
    const inputs = sizes.map((size) => [
      encoder.encode([{ name: 'write_file', args: { path: 'a', content: 'x < y "q" </div>\n'.repeat(size / 18) } }], variant),
      encoder.encode(
        Array.from({ length: size / 64 }, (_, n) => ({ name: `tool_${n % 7}`, args: { n, t: 'a < b' } })),
        variant,
      ),
      broken.repeat(Math.ceil(size / broken.length)),
    ]);
    for (let kind = 0; kind < 3; kind += 1) {
      const [small, large] = inputs.map((texts) => {
        const text = texts[kind] as string;
        encoder.family.parse(text);
        // The fastest of five: a parse of many calls allocates thousands of objects, and a collection that
        // lands in one run says nothing about the parser.
        const runs = [0, 1, 2, 3, 4].map(() => {
          collectGarbage();
          const started = performance.now();
          encoder.family.parse(text);
          return performance.now() - started;
        });
        return Math.min(...runs);
      }) as [number, number];
      // Inputs parsed in well under a millisecond (a parser that stops at the first broken call) say nothing.
      if (small >= 1) worstRatio = Math.max(worstRatio, large / small);
      if (large > worst.large) worst = { family: encoder.family.name, small, large };
    }
  }
  return { worst, worstRatio };
}

/** A full collection before a timed run, when the bench runs with --expose-gc (it does): a collection of
 * the previous run's garbage landing inside this one grows with the heap, not with the parser's work. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
