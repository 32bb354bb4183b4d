import { RelayError } from '../errors/relay-error.js';
import { matchesGlob } from '../models/glob.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { constantTimeEqual, fromHex, sha256 } from './constant-time-equal.js';
import type { RelayContext, RelayPlugin } from './relay-plugin.js';

export interface ClientKey {
  /** What logs and metrics call this key. */
  name: string;
  /** The key itself, or... */
  key?: string;
  /** ...its sha256 in hex, so the config file need not hold the secret. */
  sha256?: string;
  /** Model names or globs this key may ask for; all when absent. */
  models?: string[];
}

/** The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(request: Request): string | undefined {
  const authorization = request.headers.get('authorization');
  const bearer = authorization === null ? undefined : /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
  return bearer ?? request.headers.get('x-api-key')?.trim() ?? undefined;
}

export interface ClientKeyAuthOptions {
  /**
   * sha256 of a string. Default: Web Crypto, which Node runs on its thread pool; a host with a synchronous
   * hash (the CLI passes node:crypto's) saves that round trip on every request.
   */
  hash?(text: string): Uint8Array | Promise<Uint8Array>;
}

/**
 * Requires one of the configured client keys on every request but `GET /health`, compared in constant
 * time over their sha256. Puts the key's name on the record; never its value.
 */
export function clientKeyAuth(keys: readonly ClientKey[], options: ClientKeyAuthOptions = {}): RelayPlugin {
  const hash = options.hash ?? sha256;
  const digests = Promise.all(
    keys.map(async (key) => {
      if (key.sha256 !== undefined) return fromHex(key.sha256);
      if (key.key !== undefined && key.key !== '') return hash(key.key);
      throw new TypeError(`Client key "${key.name}" needs \`key\` or \`sha256\`.`);
    }),
  );
  let ready: Uint8Array[] | undefined;
  void digests.then(
    (list) => (ready = list),
    () => undefined,
  );
  // A client sends the same key on every request: its digest is worked out once. Wrong keys are kept too
  // (bounded), so a flood of them costs no more than one hash each; the comparison below stays constant-time.
  const presentedDigests = new BoundedCache<string, Uint8Array>(1_024, 1_024 * 256);
  const digestOf = (presented: string): Uint8Array | Promise<Uint8Array> => {
    const known = presentedDigests.get(presented);
    if (known !== undefined) return known;
    const digest = hash(presented);
    if (digest instanceof Uint8Array) presentedDigests.set(presented, digest, presented.length);
    else
      void digest.then(
        (value) => presentedDigests.set(presented, value, presented.length),
        () => undefined,
      );
    return digest;
  };
  const accept = (context: RelayContext, digest: Uint8Array, candidates: Uint8Array[]): void => {
    let matched: ClientKey | undefined;
    // Every key is compared, so the time taken does not tell which one came close.
    candidates.forEach((candidate, index) => {
      if (constantTimeEqual(candidate, digest) && matched === undefined) matched = keys[index];
    });
    if (matched === undefined) throw new RelayError({ status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided.' });
    context.record.keyName = matched.name;
    context.state.clientKey = matched;
  };
  return {
    name: 'client-key-auth',
    // Synchronous once the digests are known: no promise and no microtask on the hot path.
    onRequest(context) {
      if (context.route === 'health') return;
      const presented = presentedKey(context.request);
      if (presented === undefined) {
        throw new RelayError({ status: 401, code: 'missing_api_key', message: 'This relay requires an API key: send `Authorization: Bearer <key>` or `x-api-key: <key>`.' });
      }
      const digest = digestOf(presented);
      if (digest instanceof Uint8Array && ready !== undefined) return accept(context, digest, ready);
      return Promise.all([digest, digests]).then(([value, list]) => accept(context, value, list));
    },
    beforeForward(context, info) {
      const key = context.state.clientKey as ClientKey | undefined;
      if (key?.models === undefined) return;
      const model = info.requestedModel ?? '';
      if (!key.models.some((pattern) => matchesGlob(pattern, model))) {
        throw new RelayError({ status: 403, code: 'model_not_allowed', param: 'model', message: `The key "${key.name}" may not use the model ${JSON.stringify(model)}.` });
      }
    },
  };
}
