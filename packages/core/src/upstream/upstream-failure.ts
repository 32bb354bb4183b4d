import { type ContextLengthNumbers, RelayError, type RelayErrorInit } from '../errors/relay-error.js';
import type { UpstreamApi } from '../options/relay-options.js';
import type { ContextOverflow } from './context-overflow.js';

/** An upstream's error answer exactly as it came (provider key redacted), in the upstream's own protocol. */
export interface OriginalAnswer {
  api: UpstreamApi;
  status: number;
  text: string;
}

export interface UpstreamFailureInit extends RelayErrorInit {
  /** The status the upstream answered (`status` is what the relay answers: a refused key's 401 is a 502). */
  upstreamStatus: number;
  /** The provider's window and the prompt it counted, when the answer says the prompt was too long. */
  overflow: ContextOverflow | undefined;
  /** Kept when the answer is well formed in its protocol: a client of that same protocol gets it unchanged. */
  original: OriginalAnswer | undefined;
}

/**
 * An upstream's error answer as a value: what the relay answers (status, type, code, message, retry hints,
 * in the terms every front door encodes), what the retry policy and the context engine read (status, the
 * overflow's counts), and the answer as it came, for a client that speaks the upstream's protocol. Made by
 * each upstream codec's `decodeError`, so nothing downstream re-reads an error's wording.
 */
export class UpstreamFailure extends RelayError {
  readonly upstreamStatus: number;
  readonly overflow: ContextOverflow | undefined;
  readonly original: OriginalAnswer | undefined;

  constructor(init: UpstreamFailureInit) {
    super({ ...init, contextLength: init.contextLength ?? contextLengthOf(init.overflow) });
    this.upstreamStatus = init.upstreamStatus;
    this.overflow = init.overflow;
    this.original = init.original;
  }
}

/** What the prompt needed against the most that fits, as the provider counted them; none unless it says it was over. */
function contextLengthOf(overflow: ContextOverflow | undefined): ContextLengthNumbers | undefined {
  const needed = overflow?.requested ?? overflow?.actual;
  if (needed === undefined || overflow?.limit === undefined || !(needed > overflow.limit)) return undefined;
  return { needed, maximum: overflow.limit };
}
