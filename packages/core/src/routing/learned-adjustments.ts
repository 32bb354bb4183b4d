import type { ContextAdjustment } from './prepare-context.js';

const MAX_MODELS = 256;

/**
 * What providers taught this relay about their tokenizers: when one answers "context too long" for a
 * request we thought fitted, the correction is kept per upstream model, so the next requests fit the
 * first time (and keep a stable cut) instead of each paying a rejected call. Per process; a replica
 * that has not seen the rejection yet learns it the same way.
 */
export class LearnedAdjustments {
  private readonly byModel = new Map<string, ContextAdjustment>();

  get(model: string | undefined): ContextAdjustment | undefined {
    return model === undefined ? undefined : this.byModel.get(model);
  }

  learn(model: string | undefined, adjustment: ContextAdjustment): void {
    if (model === undefined) return;
    const known = this.byModel.get(model);
    if (known === undefined && this.byModel.size >= MAX_MODELS) return;
    this.byModel.set(model, {
      factorBoost: Math.max(known?.factorBoost ?? 1, adjustment.factorBoost ?? 1),
      contextWindow: Math.min(known?.contextWindow ?? Infinity, adjustment.contextWindow ?? Infinity),
    });
  }
}
