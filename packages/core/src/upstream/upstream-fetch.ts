/**
 * What the relay reads of an upstream's answer: a subset of `Response`. Global `fetch` fits as it is; a host
 * may hand over something lighter. On Node 20 every `Response` builds a Web stream for its body, which is
 * most of what an upstream call costs the relay beyond the socket when the body is read whole anyway (the
 * CLI's pooled client answers whole bodies without one: `pnpm bench`).
 */
export interface UpstreamResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The body as it arrives; may be null for a whole body that is only available through `text()`. */
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
}

/** What the relay sends: always a POST with a string body, headers as a plain record and an abort signal. */
export interface UpstreamRequestInit {
  method: 'POST';
  headers: Record<string, string>;
  /** JSON: a string, or its UTF-8 bytes when it is large (serialized in slices, never as one long string). */
  body: string | Uint8Array<ArrayBuffer>;
  signal: AbortSignal;
}

/** The relay's upstream client: `fetch` itself, or any function of this shape. */
export type UpstreamFetch = (url: string, init: UpstreamRequestInit) => Promise<UpstreamResponse>;
