import type { RelayContext } from '../plugins/relay-plugin.js';
import type { FrontDoor } from '../protocols/front-door.js';
import type { RelayRuntime } from './relay-runtime.js';

/** One conversation request on its way through the pipeline: passed down as one value. */
export interface ConversationRequest {
  context: RelayContext;
  /** The protocol the client spoke. */
  door: FrontDoor;
  runtime: RelayRuntime;
  /** When the request arrived (ms since the epoch). */
  started: number;
  /** Reports the request's end: a stream calls it when it ends, anything else before it returns. */
  finish(): void;
}
