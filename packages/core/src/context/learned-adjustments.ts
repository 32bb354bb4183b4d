const MAX_MODELS = 256;

/** What a provider's "context too long" answer taught about one upstream model. */
export interface LearnedAdjustment {
  /** Multiplies the token estimate after the provider counted more than we did. */
  factorBoost?: number;
  /** A window the provider reported, when it is smaller than ours. */
  contextWindow?: number;
}

export interface LearnedAdjustmentsOptions {
  /**
   * Called when this relay learns something new about a model, with everything now known about it: a host
   * that runs several replicas publishes it here and hands what the others publish to `apply`.
   */
  onLearn?(model: string, adjustment: LearnedAdjustment): void;
}

/**
 * What providers taught this relay about their tokenizers: when one answers "context too long" for a
 * request we thought fitted, the correction is kept per upstream model, so the next requests fit the
 * first time (and keep a stable cut) instead of each paying a rejected call. Corrections only tighten:
 * the largest factor and the smallest window win, so merging what replicas learned in any order agrees.
 *
 * @example
 * const learned = new LearnedAdjustments({ onLearn: (model, adjustment) => publish(model, adjustment) });
 * subscribe((model, adjustment) => learned.apply(model, adjustment));
 * createRelayHandler({ upstream, learned });
 */
export class LearnedAdjustments {
  private readonly byModel = new Map<string, LearnedAdjustment>();

  constructor(private readonly options: LearnedAdjustmentsOptions = {}) {}

  get(model: string | undefined): LearnedAdjustment | undefined {
    return model === undefined ? undefined : this.byModel.get(model);
  }

  /** A correction this relay learned itself: merged, and reported to `onLearn` when it changed what is known. */
  learn(model: string | undefined, adjustment: LearnedAdjustment): void {
    if (model === undefined) return;
    const merged = this.merge(model, adjustment);
    if (merged !== undefined) this.options.onLearn?.(model, merged);
  }

  /** A correction learned elsewhere (another replica): merged without reporting it back. True when it changed anything. */
  apply(model: string, adjustment: LearnedAdjustment): boolean {
    return this.merge(model, adjustment) !== undefined;
  }

  private merge(model: string, adjustment: LearnedAdjustment): LearnedAdjustment | undefined {
    const known = this.byModel.get(model);
    if (known === undefined && this.byModel.size >= MAX_MODELS) return undefined;
    const factorBoost = larger(known?.factorBoost, validFactor(adjustment.factorBoost));
    const contextWindow = smaller(known?.contextWindow, validWindow(adjustment.contextWindow));
    if (known !== undefined && known.factorBoost === factorBoost && known.contextWindow === contextWindow) return undefined;
    if (factorBoost === undefined && contextWindow === undefined) return undefined;
    const merged: LearnedAdjustment = {};
    if (factorBoost !== undefined) merged.factorBoost = factorBoost;
    if (contextWindow !== undefined) merged.contextWindow = contextWindow;
    this.byModel.set(model, merged);
    return merged;
  }
}

// Corrections may come from another process: anything but a finite boost above 1 or a positive window is noise.
function validFactor(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 1 ? value : undefined;
}

function validWindow(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

function larger(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

function smaller(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}
