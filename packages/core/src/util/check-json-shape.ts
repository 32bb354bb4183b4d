import { RelayError } from '../errors/relay-error.js';
import { runSteps } from './run-steps.js';

/** Deeper than any real request (tool schemas nest a few dozen levels at most), far below what recursion survives. */
export const MAX_JSON_DEPTH = 256;

/**
 * More members than any object of a real request has (a tool schema's properties, metadata, logit_bias: hundreds
 * at most). V8 keeps a wider object as a dictionary, and everything about one is slow: on this machine
 * JSON.parse of one with 50,000 members took 66 ms, Object.values of it 33 ms, of a million 1.4 s and 1.3 s.
 */
export const MAX_OBJECT_MEMBERS = 10_000;

/**
 * More items than any array of a real request has (Anthropic takes at most 100,000 messages). Every pass
 * over the messages (validating, converting between protocols) is linear but whole, and a body of 700,000
 * short messages held the loop 50-80 ms in single passes and in collecting what it allocates.
 */
export const MAX_ARRAY_ITEMS = 100_000;

/**
 * Rejects a parsed body nested deeper than `maxDepth`, with an object of more than {@link MAX_OBJECT_MEMBERS}
 * members or an array of more than {@link MAX_ARRAY_ITEMS} items, walking it without recursion. Counting,
 * capping and forwarding all walk client JSON, and a recursive walk (JSON.stringify among them) of 10,000
 * nested arrays overflows the stack: that must be the client's 400, not the relay's 500.
 */
export function checkJsonShape(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  runSteps(checkJsonShapeSteps(value, maxDepth));
}

// Values looked at between two yields: a body of 200,000 messages has about a million of them.
const NODES_PER_STEP = 8_192;

/**
 * `checkJsonShape` as steps, for a body large enough that the walk itself must share the event loop. The
 * members of a container are looked at one by one across steps: an array of a million messages is one
 * container, and taking all its members in one step held the loop for 180 ms.
 */
export function* checkJsonShapeSteps(value: unknown, maxDepth = MAX_JSON_DEPTH): Generator<void, void, void> {
  if (value === null || typeof value !== 'object') return;
  // The members of each open container, outermost first, and how far each is looked at: the depth is the length.
  const lists: unknown[][] = [membersOf(value)];
  const at: number[] = [0];
  let visited = 0;
  while (lists.length > 0) {
    const top = lists.length - 1;
    const list = lists[top] as unknown[];
    const i = at[top] as number;
    if (i >= list.length) {
      lists.pop();
      at.pop();
      continue;
    }
    at[top] = i + 1;
    if ((visited += 1) % NODES_PER_STEP === 0) yield;
    const child = list[i];
    if (child === null || typeof child !== 'object') continue;
    if (lists.length + 1 > maxDepth) {
      throw new RelayError({
        status: 400,
        code: 'invalid_request',
        message: `The request body is nested more than ${maxDepth} levels deep; no API request needs that.`,
      });
    }
    lists.push(membersOf(child));
    at.push(0);
  }
}

function membersOf(container: object): unknown[] {
  if (Array.isArray(container)) {
    if (container.length > MAX_ARRAY_ITEMS) throw tooLarge('array');
    return container;
  }
  const values = Object.values(container);
  if (values.length > MAX_OBJECT_MEMBERS) throw tooLarge('object');
  return values;
}

/** The client's 400 for an object or array larger than any request holds. */
export function tooLarge(container: 'object' | 'array'): RelayError {
  const what = container === 'object' ? `an object of more than ${MAX_OBJECT_MEMBERS.toLocaleString('en-US')} members` : `an array of more than ${MAX_ARRAY_ITEMS.toLocaleString('en-US')} items`;
  return new RelayError({ status: 400, code: 'invalid_request', message: `The request body has ${what}; no API request needs that.` });
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Whether the JSON bytes hold an object of more than `max` members, read before parsing: JSON.parse of such
 * an object is itself the long step. One pass over the bytes, about 2 ms a MB.
 * For text that is not JSON the answer means nothing (the parse that follows says what is wrong).
 */
export function hasWideObject(bytes: Uint8Array, max = MAX_OBJECT_MEMBERS): boolean {
  // Per open container: the members counted so far, or -1 for an array.
  const counts: number[] = [];
  let inString = false;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === 0x7b) counts.push(0);
    else if (b === 0x5b) counts.push(-1);
    else if (b === 0x7d || b === 0x5d) counts.pop();
    else if (b === COLON) {
      const top = counts.length - 1;
      if (top >= 0 && (counts[top] as number) >= 0 && (counts[top] = (counts[top] as number) + 1) > max) return true;
    }
  }
  return false;
}
