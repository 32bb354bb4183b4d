import { clientClosedError } from '../errors/client-closed-error.js';
import { RelayError } from '../errors/relay-error.js';
import type { UpstreamFetch, UpstreamResponse } from '../upstream/upstream-fetch.js';

export { clientClosedError };

export interface UpstreamCall {
  response: UpstreamResponse;
  /** Cancels the upstream request (client gone, timeout). */
  abort(): void;
  /** Stops the answer timer once the caller has what it waited for. */
  settle(): void;
  /** Whether the answer timer fired. */
  timedOut(): boolean;
}

/**
 * POSTs to the upstream with one abort path for everything: the client leaving (its request signal) and
 * the answer timeout. Maps failures to 502 (unreachable) and 504 (no answer in time).
 */
export async function callUpstream(
  fetchImpl: UpstreamFetch,
  url: string,
  init: { headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> },
  clientSignal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<UpstreamCall> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('upstream timeout'));
  }, timeoutMs);
  const onClientAbort = () => controller.abort(new Error('client closed the request'));
  if (clientSignal?.aborted) onClientAbort();
  clientSignal?.addEventListener('abort', onClientAbort, { once: true });
  const settle = () => {
    clearTimeout(timer);
  };
  const abort = () => {
    settle();
    clientSignal?.removeEventListener('abort', onClientAbort);
    controller.abort(new Error('relay cancelled the upstream request'));
  };
  try {
    const response = await fetchImpl(url, { method: 'POST', headers: init.headers, body: init.body, signal: controller.signal });
    return { response, abort, settle, timedOut: () => timedOut };
  } catch (error) {
    settle();
    clientSignal?.removeEventListener('abort', onClientAbort);
    if (timedOut) {
      throw new RelayError({ status: 504, code: 'upstream_timeout', message: `The upstream did not answer within ${timeoutMs} ms.` });
    }
    if (clientSignal?.aborted) throw clientClosedError();
    throw new RelayError({
      status: 502,
      code: 'upstream_unreachable',
      message: `The upstream could not be reached: ${describe(error)}`,
      cause: error,
    });
  }
}

/** Reads a body under the same timer; a timeout here is a 504 too. */
export async function readUpstreamText(call: UpstreamCall, timeoutMs: number): Promise<string> {
  try {
    return await call.response.text();
  } catch (error) {
    if (call.timedOut()) {
      throw new RelayError({ status: 504, code: 'upstream_timeout', message: `The upstream did not finish its answer within ${timeoutMs} ms.` });
    }
    throw new RelayError({ status: 502, code: 'upstream_interrupted', message: `The upstream answer was cut off: ${describe(error)}`, cause: error });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? `${error.message} (${code})` : error.message;
}
