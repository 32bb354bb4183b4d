export interface KeyRestsOptions {
  /** Called when this relay rests a key (or rests it longer): a host with replicas publishes it and hands theirs to `apply`. */
  onRest?(fingerprint: string, untilMs: number): void;
}

// Fingerprints of keys in use: a handful per upstream. The bound only keeps a misbehaving peer from growing it.
const MAX_KEYS = 4_096;

/**
 * Which provider keys are resting after a 429 or 529, and until when (ms since the epoch), by fingerprint.
 * Rests only lengthen, so what replicas publish merges the same in any order.
 *
 * @example
 * const rests = new KeyRests({ onRest: (key, until) => publish(key, until) });
 * subscribe((key, until) => rests.apply(key, until));
 */
export class KeyRests {
  private readonly until = new Map<string, number>();

  constructor(private readonly options: KeyRestsOptions = {}) {}

  /** A rest this relay decided: kept, and reported when it lengthened what was known. */
  rest(fingerprint: string, untilMs: number): void {
    if (this.merge(fingerprint, untilMs)) this.options.onRest?.(fingerprint, untilMs);
  }

  /** A rest decided elsewhere (another replica). True when it lengthened what was known. */
  apply(fingerprint: string, untilMs: number): boolean {
    return this.merge(fingerprint, untilMs);
  }

  /** When the key may be used again, if it is resting at `now`. */
  restingUntil(fingerprint: string, now: number): number | undefined {
    const until = this.until.get(fingerprint);
    if (until === undefined) return undefined;
    if (until > now) return until;
    this.until.delete(fingerprint);
    return undefined;
  }

  private merge(fingerprint: string, untilMs: number): boolean {
    if (!Number.isFinite(untilMs)) return false;
    const known = this.until.get(fingerprint);
    if (known !== undefined && known >= untilMs) return false;
    if (known === undefined && this.until.size >= MAX_KEYS) return false;
    this.until.set(fingerprint, untilMs);
    return true;
  }
}
