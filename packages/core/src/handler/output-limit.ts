import { modelLimits } from '../context/model-windows.js';
import type { RelayHandlerOptions } from '../options/relay-options.js';

/** The most a model writes, with the configured per-model overrides. */
export function outputLimit(model: string | undefined, options: RelayHandlerOptions): number {
  return modelLimits(model, options.context === false ? undefined : options.context?.models).maxOutputTokens;
}
