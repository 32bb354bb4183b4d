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

// Containers looked at between two yields: a body of 200,000 messages has about a million of them.
const NODES_PER_STEP = 8_192;

/** `checkJsonDepth` as steps, for a body large enough that the walk itself must share the event loop. */
export function* checkJsonDepthSteps(value: unknown, maxDepth = MAX_JSON_DEPTH): Generator<void, void, void> {
  const stack: [unknown, number][] = [[value, 1]];
  let visited = 0;
  while (stack.length > 0) {
    if ((visited += 1) % NODES_PER_STEP === 0) yield;
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) {
      throw new RelayError({
        status: 400,
        code: 'invalid_request',
        message: `The request body is nested more than ${maxDepth} levels deep; no API request needs that.`,
      });
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}
