import type { ChatMessage, ContentPart, ToolCall } from '../types/chat.js';
import { BoundedTextCache } from '../util/bounded-text-cache.js';
import { checkJsonShapeSteps, MAX_ARRAY_ITEMS, MAX_OBJECT_MEMBERS } from '../util/check-json-shape.js';
import { JSON_STEP_CHARS, parseJsonSteps } from '../util/parse-json-steps.js';
import { runSteps } from '../util/run-steps.js';
import { capText } from './cap-text.js';
import { activeDeferral } from './deferred-work.js';
import { type EstimateOptions, messageTokens, resolveEstimateOptions } from './estimate-tokens.js';
import { countText } from './tokenizer.js';

interface Segment {
  tokens: number;
  text: string;
  replace(text: string): ChatMessage;
}

const MAX_ROUNDS = 12;
// Below this a segment is not worth cutting: the notice itself costs about as much.
const MIN_SEGMENT_TOKENS = 24;

/**
 * Cuts one message to at most `maxTokens` (framing included), keeping the head and tail of its largest
 * texts around a visible `[... N tokens omitted ...]` notice. Tool-call arguments stay valid JSON.
 * Returns the same object when it already fits; the same input always gives the same bytes.
 *
 * @example capMessage({ role: 'tool', tool_call_id: 'c1', content: hugeLog }, 20_000)
 */
export function capMessage(message: ChatMessage, maxTokens: number, options?: EstimateOptions): ChatMessage {
  const resolved = resolveEstimateOptions(options);
  let current = message;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const tokens = messageTokens(current, resolved);
    if (tokens <= maxTokens) return current;
    const largest = largestSegment(textSegments(current, resolved.encoding));
    if (largest === undefined || largest.tokens < MIN_SEGMENT_TOKENS) {
      const withoutImages = dropImages(current);
      if (withoutImages === current) return current;
      current = withoutImages;
      continue;
    }
    const excess = Math.ceil((tokens - maxTokens) / resolved.factor);
    const target = Math.max(0, largest.tokens - excess);
    current = largest.replace(capText(largest.text, target, resolved.encoding).text);
  }
  return current;
}

function largestSegment(segments: Segment[]): Segment | undefined {
  let best: Segment | undefined;
  for (const segment of segments) if (best === undefined || segment.tokens > best.tokens) best = segment;
  return best;
}

function textSegments(message: ChatMessage, encoding: Parameters<typeof countText>[1]): Segment[] {
  const segments: Segment[] = [];
  const { content } = message;
  if (typeof content === 'string') {
    segments.push({ tokens: countText(content, encoding), text: content, replace: (text) => ({ ...message, content: text }) });
  } else if (Array.isArray(content)) {
    content.forEach((part, index) => {
      if (part.type !== 'text' || typeof part.text !== 'string') return;
      segments.push({
        tokens: countText(part.text, encoding),
        text: part.text,
        replace: (text) => ({ ...message, content: content.map((p, i) => (i === index ? { ...p, text } : p)) as ContentPart[] }),
      });
    });
  }
  message.tool_calls?.forEach((call, index) => {
    const segment = argumentSegment(call, encoding, (updated) => ({
      ...message,
      tool_calls: message.tool_calls?.map((c, i) => (i === index ? updated : c)),
    }));
    if (segment !== undefined) segments.push(segment);
  });
  return segments;
}

/** The largest string inside a call's JSON arguments, so cutting it keeps the arguments valid JSON. */
function argumentSegment(call: ToolCall, encoding: Parameters<typeof countText>[1], rebuild: (call: ToolCall) => ChatMessage): Segment | undefined {
  const raw = call.function?.arguments;
  if (typeof raw !== 'string' || raw.length === 0) return undefined;
  const withArguments = (args: string): ChatMessage => rebuild({ ...call, function: { ...call.function, arguments: args } });
  const read = readArguments(raw);
  // Already not JSON: cutting it cannot make it worse.
  if (read === null) return { tokens: countText(raw, encoding), text: raw, replace: withArguments };
  const { parsed, leaf } = read;
  if (leaf === undefined) return undefined;
  return {
    tokens: countText(leaf.value, encoding),
    text: leaf.value,
    replace: (text) => withArguments(JSON.stringify(setPath(parsed, leaf.path, text))),
  };
}

type Leaf = { value: string; path: (string | number)[] };
export type ArgumentsRead = { parsed: unknown; leaf: Leaf | undefined };

// Arguments read before, by their text: a message is measured and cut again on every run of the engine over
// a request (and every cutting round looks at every call of the message), and a 20 MB argument took a
// JSON.parse of 100 ms or more each time. Bounded to 4,096 texts and 64 Mi characters.
const readBefore = new BoundedTextCache<ArgumentsRead | null>(4_096, 64 * 1024 * 1024);

/**
 * The parsed arguments and their largest string, or null when they are not JSON (or not JSON any request
 * holds: nested too deep, an object too wide); memoised. Under a cooperative preparation, arguments longer
 * than a parse step are read in slices between runs (see `readArgumentsSteps`), not here.
 */
function readArguments(raw: string): ArgumentsRead | null {
  const deferral = activeDeferral();
  if (deferral === undefined || raw.length <= JSON_STEP_CHARS) return runSteps(readArgumentsSteps(raw));
  // null is a reading too (not JSON): only undefined means not read yet.
  const cached = readBefore.get(raw);
  if (cached !== undefined) return cached;
  const known = deferral.done.read(raw);
  if (known !== undefined) return known;
  deferral.deferRead(raw);
  // A stand-in for the run that is thrown away: counted as plain text.
  return null;
}

/** `readArguments` as steps: a 20 MB argument is parsed and checked in slices. */
export function* readArgumentsSteps(raw: string): Generator<void, ArgumentsRead | null, void> {
  const known = readBefore.get(raw);
  if (known !== undefined) return known;
  let read: ArgumentsRead | null;
  try {
    const parsed: unknown = yield* parseJsonSteps(raw, { maxObjectMembers: MAX_OBJECT_MEMBERS, maxArrayItems: MAX_ARRAY_ITEMS });
    // Within the shapes a request may have, the walk below cannot overflow the stack.
    yield* checkJsonShapeSteps(parsed);
    read = { parsed, leaf: largestLeaf(parsed, []) };
  } catch {
    read = null;
  }
  readBefore.set(raw, read, raw.length);
  return read;
}

function largestLeaf(value: unknown, path: (string | number)[]): { value: string; path: (string | number)[] } | undefined {
  if (typeof value === 'string') return { value, path };
  if (value === null || typeof value !== 'object') return undefined;
  let best: { value: string; path: (string | number)[] } | undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const leaf = largestLeaf(child, [...path, key]);
    if (leaf !== undefined && (best === undefined || leaf.value.length > best.value.length)) best = leaf;
  }
  return best;
}

function setPath(value: unknown, path: (string | number)[], text: string): unknown {
  if (path.length === 0) return text;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setPath(v, rest, text) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: setPath(record[head], rest, text) };
}

function dropImages(message: ChatMessage): ChatMessage {
  if (!Array.isArray(message.content)) return message;
  if (!message.content.some((part) => part.type === 'image_url' || part.type === 'image')) return message;
  return {
    ...message,
    content: message.content.map((part) => (part.type === 'image_url' || part.type === 'image' ? { type: 'text', text: '[image omitted by llm-relay]' } : part)),
  };
}
