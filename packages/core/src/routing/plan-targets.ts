import type { LearnedAdjustments } from '../context/learned-adjustments.js';
import type { TruncateResult } from '../context/truncate-context.js';
import { RelayError } from '../errors/relay-error.js';
import type { ContextConfig } from '../options/relay-options.js';
import type { ChatRequest } from '../types/chat.js';
import { prepareForTarget } from './prepare-context.js';
import type { Target } from './resolve-targets.js';

export interface PlannedTarget {
  target: Target;
  /** The fitted messages for this target; undefined when the context engine is off. */
  prepared: TruncateResult | undefined;
}

export interface TargetPlan {
  ordered: PlannedTarget[];
  /** A larger-context fallback was put first so the request needs no truncation. */
  contextFallback: boolean;
}

/**
 * Orders the targets for one request. When the request does not fit the primary model whole and a
 * fallback's window takes it, that fallback goes first: a larger model beats a shortened history.
 * If none takes it whole, the target with the largest budget goes first and truncates.
 */
export function* planTargets(
  body: ChatRequest,
  targets: Target[],
  context: ContextConfig | false,
  learned: LearnedAdjustments | undefined,
  outputBeyondWindow: (target: Target) => boolean,
): Generator<void, TargetPlan, void> {
  if (context === false) return { ordered: targets.map((target) => ({ target, prepared: undefined })), contextFallback: false };
  const prepared = new Map<number, TruncateResult | RelayError>();
  // As steps: each target's preparation yields between pieces of work (see truncateContextSteps).
  const prepare = function* (index: number): Generator<void, TruncateResult | RelayError, void> {
    let result = prepared.get(index);
    if (result === undefined) {
      try {
        const target = targets[index] as Target;
        result = yield* prepareForTarget(body, target, context, learned?.get(target.model), outputBeyondWindow(target));
      } catch (error) {
        if (!RelayError.isInstance(error)) throw error;
        result = error;
      }
      prepared.set(index, result);
    }
    return result;
  };
  const fitsWhole = (result: TruncateResult | RelayError) => !RelayError.isInstance(result) && result.report.stage === 'none';

  let first = 0;
  if (!fitsWhole(yield* prepare(0)) && targets.length > 1) {
    let whole = -1;
    for (let index = 1; index < targets.length && whole === -1; index += 1) if (fitsWhole(yield* prepare(index))) whole = index;
    const all: (TruncateResult | RelayError)[] = [];
    if (whole === -1) for (let index = 0; index < targets.length; index += 1) all.push(yield* prepare(index));
    first = whole !== -1 ? whole : largestBudget(all);
  }
  const order = [first, ...targets.map((_, index) => index).filter((index) => index !== first)];
  const ordered: PlannedTarget[] = [];
  let lastError: RelayError | undefined;
  for (const index of order) {
    const result = yield* prepare(index);
    if (RelayError.isInstance(result)) lastError = result;
    else ordered.push({ target: targets[index] as Target, prepared: result });
  }
  if (ordered.length === 0) throw lastError as RelayError;
  return { ordered, contextFallback: first !== 0 && ordered[0]?.prepared?.report.stage === 'none' };
}

function largestBudget(results: (TruncateResult | RelayError)[]): number {
  let best = 0;
  let bestBudget = -1;
  results.forEach((result, index) => {
    if (!RelayError.isInstance(result) && result.report.budget > bestBudget) {
      best = index;
      bestBudget = result.report.budget;
    }
  });
  return best;
}
