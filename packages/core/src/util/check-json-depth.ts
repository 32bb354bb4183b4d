import { RelayError } from '../errors/relay-error.js';
import { runSteps } from './run-steps.js';

/** Deeper than any real request (tool schemas nest a few dozen levels at most), far below what recursion survives. */
export const MAX_JSON_DEPTH = 256;

/**
 * Rejects a parsed body nested deeper than `maxDepth`, walking it without recursion. Counting, capping and
 * forwarding all walk client JSON, and a recursive walk (JSON.stringify among them) of 10,000 nested arrays
 * overflows the stack: that must be the client's 400, not the relay's 500.
 */
export function checkJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  runSteps(checkJsonDepthSteps(value, maxDepth));
}

// Values looked at between two yields: a body of 200,000 messages has about a million of them.
const NODES_PER_STEP = 8_192;

/**
 * `checkJsonDepth` as steps, for a body large enough that the walk itself must share the event loop. The
 * members of a container are looked at one by one across steps: an array of a million messages is one
 * container, and taking all its members in one step held the loop for 180 ms.
 */
export function* checkJsonDepthSteps(value: unknown, maxDepth = MAX_JSON_DEPTH): Generator<void, void, void> {
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
  return Array.isArray(container) ? container : Object.values(container);
}
