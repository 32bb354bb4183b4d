import { RelayError } from '../errors/relay-error.js';
import { checkJsonDepth, checkJsonDepthSteps } from './check-json-depth.js';
import { sharedScheduler } from './cooperative-scheduler.js';
import { parseJsonSteps } from './parse-json-steps.js';

// One decoder for all small requests: constructing one costs more than decoding a small body.
const decoder = new TextDecoder();

/**
 * Past this size a body is decoded, parsed and checked in slices on the shared scheduler: `JSON.parse` of
 * 30 MB is one step of 100 ms or more, during which nothing else (not even `/health`) would be served.
 * Below it, the native calls take a few milliseconds and slicing would only add overhead.
 */
const SLICED_BODY_BYTES = 1_048_576;
const DECODE_SLICE_BYTES = 1_048_576;

/** Reads a JSON body without ever holding more than `maxBytes`: 413 past it, 400 if it is not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = Number.isFinite(declared) ? await declaredBody(request, maxBytes) : await streamedBody(request, maxBytes);
  if (bytes.byteLength > SLICED_BODY_BYTES) return sharedScheduler.run(parsedSteps(bytes), request.signal);
  const text = decoder.decode(bytes);
  if (text.trim() === '') throw emptyBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidJson(error);
  }
  checkJsonDepth(parsed);
  return parsed;
}

/** A large body decoded, parsed and checked as steps: the same outcome as the direct path, in slices. */
function* parsedSteps(bytes: Uint8Array): Generator<void, unknown, void> {
  // A decoder of its own: in streaming mode it keeps a character split between two slices.
  const streaming = new TextDecoder();
  const pieces: string[] = [];
  for (let at = 0; at < bytes.byteLength; at += DECODE_SLICE_BYTES) {
    pieces.push(streaming.decode(bytes.subarray(at, at + DECODE_SLICE_BYTES), { stream: true }));
    yield;
  }
  pieces.push(streaming.decode());
  const text = pieces.join('');
  yield;
  let parsed: unknown;
  try {
    parsed = yield* parseJsonSteps(text);
  } catch (error) {
    // Whitespace only parses to nothing either way: the same answer as a small empty body.
    if (text.trim() === '') throw emptyBody();
    throw invalidJson(error);
  }
  yield* checkJsonDepthSteps(parsed);
  return parsed;
}

function emptyBody(): RelayError {
  return new RelayError({ status: 400, message: 'The request body is empty; send a JSON chat completion request.' });
}

function invalidJson(error: unknown): RelayError {
  return new RelayError({
    status: 400,
    code: 'invalid_json',
    message: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
  });
}

/** A body of declared length: the host's HTTP framing already bounds it, so it is read in one go. */
async function declaredBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/** A chunked body of unknown length: read piece by piece and given up on as soon as it is too large. */
async function streamedBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return concat(chunks, size);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): RelayError {
  return new RelayError({
    status: 413,
    code: 'request_too_large',
    message: `The request body is over the relay's limit of ${maxBytes} bytes; raise --max-body-bytes if this is intended.`,
  });
}
