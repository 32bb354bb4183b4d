import type { RelayError } from '../errors/relay-error.js';

/** Writes one answer in a protocol's SSE form from upstream Chat chunks: a small state machine per stream. */
export interface StreamWriter {
  /** The opening events, sent before the first upstream byte arrives. */
  start(): string;
  push(chunk: unknown): string;
  /** The upstream finished: close what is open and end the answer. */
  finish(): string;
  /** The upstream failed half-way: end with an error event the client understands. */
  fail(error: RelayError): string;
  /** Something to send during a long silence, if the protocol has it. */
  ping?(): string;
}
