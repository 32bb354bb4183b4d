import { RelayError } from '../errors/relay-error.js';
import { type BodyText, bodyTextSteps, scanBodySteps } from './body-text.js';
import { ByteRope } from './byte-rope.js';
import { checkJsonShape, checkJsonShapeSteps, tooLarge as containerTooLarge, hasWideObject, MAX_ARRAY_ITEMS, MAX_OBJECT_MEMBERS } from './check-json-shape.js';
import { sharedScheduler } from './cooperative-scheduler.js';
import { ContainerTooLargeError, parseJsonSteps } from './parse-json-steps.js';

// One decoder for all small requests: constructing one costs more than decoding a small body.
const decoder = new TextDecoder();

/**
 * Past this size a body is decoded, parsed and checked in slices on the shared scheduler: `JSON.parse` of
 * 30 MB is one step of 100 ms or more, during which nothing else (not even `/health`) would be served.
 * Below it, the native calls take a few milliseconds and slicing would only add overhead.
 */
const SLICED_BODY_BYTES = 1_048_576;

/** Bytes one text of a large body may keep for a request naming `model` (see `bodyTextSteps`); undefined: no cut. */
export type KeepBytes = (model: string | undefined) => number | undefined;

/**
 * Reads a JSON body without ever holding more than `maxBytes`: 413 past it, 400 if it is not JSON. In a large
 * body, texts longer than `keepBytes` allows are cut as it is read, and `report.cutOnArrival` says so.
 */
export async function readJsonBody(request: Request, maxBytes: number, keepBytes?: KeepBytes, report?: { cutOnArrival?: BodyText['cut'] }): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // A large body is read as the pieces it came in: joining them is itself one long step.
  const bytes = declared <= SLICED_BODY_BYTES ? await declaredBody(request, maxBytes) : await bodyChunks(request, maxBytes);
  if (!(bytes instanceof Uint8Array)) {
    const rope = new ByteRope(bytes);
    if (rope.size > SLICED_BODY_BYTES) return sharedScheduler.run(parsedSteps(rope, keepBytes, report), request.signal);
    return parseMidSize(rope.bytes(0, rope.size), request.signal);
  }
  return parseMidSize(bytes, request.signal);
}

// Below this, a body is parsed where it was read: a turn of the event loop would cost more than the parse.
const SCHEDULED_BODY_BYTES = 65_536;

/**
 * A body under the sliced size, parsed in one step, but a step on the shared scheduler when it takes more
 * than a moment: several bodies of about a megabyte (5-25 ms each) read in one turn of the event loop would
 * otherwise be parsed back to back, and a health check would wait for all of them.
 */
function parseMidSize(bytes: Uint8Array, signal: AbortSignal): unknown {
  return bytes.length <= SCHEDULED_BODY_BYTES ? parseSmall(bytes) : sharedScheduler.run(parseSmallStep(bytes), signal);
}

// biome-ignore lint/correctness/useYield: one step on purpose; the scheduler gives others a turn around it.
function* parseSmallStep(bytes: Uint8Array): Generator<void, unknown, void> {
  return parseSmall(bytes);
}

// A smaller body cannot hold an object too wide (see MAX_OBJECT_MEMBERS): each member takes at least 4 bytes.
const WIDTH_CHECKED_BYTES = 4 * MAX_OBJECT_MEMBERS;

function parseSmall(bytes: Uint8Array): unknown {
  // JSON.parse of an object of 100,000 members holds the loop over 100 ms: look before parsing (2-3 ms a MB).
  if (bytes.length > WIDTH_CHECKED_BYTES && hasWideObject(bytes)) throw containerTooLarge('object');
  const text = decoder.decode(bytes);
  if (text.trim() === '') throw emptyBody();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw invalidJson(error);
  }
  checkJsonShape(parsed);
  return parsed;
}

/** A large body scanned, decoded (its over-long texts cut), parsed and checked as steps: the direct path's outcome, in slices. */
function* parsedSteps(rope: ByteRope, keepBytes: KeepBytes | undefined, report: { cutOnArrival?: BodyText['cut'] } | undefined): Generator<void, unknown, void> {
  const parse = function* (keep: number | undefined): Generator<void, { parsed: unknown; cut: BodyText['cut'] }, void> {
    let body: BodyText;
    try {
      body = yield* bodyTextSteps(rope, scan, keep);
    } catch (error) {
      throw invalidJson(error);
    }
    try {
      return { parsed: yield* parseJsonSteps(body.pieces, { maxObjectMembers: MAX_OBJECT_MEMBERS, maxArrayItems: MAX_ARRAY_ITEMS }), cut: body.cut };
    } catch (error) {
      if (error instanceof ContainerTooLargeError) throw containerTooLarge(error.container);
      // Whitespace only parses to nothing either way: the same answer as a small empty body.
      if (body.pieces.every((piece) => piece.trim() === '')) throw emptyBody();
      if (body.cut.texts === 0 || !(error instanceof Error)) throw invalidJson(error);
      // Its position counts in the body as read, long texts shortened: say so, or it points at nothing the client sent.
      throw invalidJson(new SyntaxError(`${error.message} (counted with ${body.cut.texts} long text${body.cut.texts === 1 ? '' : 's'} shortened by ${body.cut.bytes} bytes)`));
    }
  };
  const scan = yield* scanBodySteps(rope);
  const keep = keepBytes?.(scan.model);
  let read = yield* parse(keep);
  // The model was read off the bytes before parsing: when the request names another one, cut for that one.
  const model = (read.parsed as { model?: unknown } | null)?.model;
  if (keepBytes !== undefined && scan.long.length > 0 && model !== scan.model) {
    const actual = keepBytes(typeof model === 'string' ? model : undefined);
    if (actual !== keep) read = yield* parse(actual);
  }
  yield* checkJsonShapeSteps(read.parsed);
  if (read.cut.texts > 0 && report !== undefined) report.cutOnArrival = read.cut;
  return read.parsed;
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

/** A small body of declared length: the host's HTTP framing already bounds it, so it is read in one go. */
async function declaredBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/** Any other body, piece by piece, given up on as soon as it is too large. */
async function bodyChunks(request: Request, maxBytes: number): Promise<Uint8Array[]> {
  if (request.body === null) return [];
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
  return chunks;
}

function tooLarge(maxBytes: number): RelayError {
  return new RelayError({
    status: 413,
    code: 'request_too_large',
    message: `The request body is over the relay's limit of ${maxBytes} bytes; raise --max-body-bytes if this is intended.`,
  });
}
