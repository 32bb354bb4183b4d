import { RelayError } from '../errors/relay-error.js';
import { checkJsonDepth } from './check-json-depth.js';

// One decoder for all requests: constructing one costs more than decoding a small body.
const decoder = new TextDecoder();

/** Reads a JSON body without ever holding more than `maxBytes`: 413 past it, 400 if it is not JSON. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const text = decoder.decode(Number.isFinite(declared) ? await declaredBody(request, maxBytes) : await streamedBody(request, maxBytes));
  if (text.trim() === '') throw new RelayError({ status: 400, message: 'The request body is empty; send a JSON chat completion request.' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RelayError({
      status: 400,
      code: 'invalid_json',
      message: `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  checkJsonDepth(parsed);
  return parsed;
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
