import { resolveBudget } from '../context/context-budget.js';
import { DEFAULT_LIMITS, type ModelLimits, modelLimits } from '../context/model-windows.js';
import { type TruncateResult, truncateContextSteps } from '../context/truncate-context.js';
import { matchesGlob } from '../models/glob.js';
import type { ContextConfig } from '../options/relay-options.js';
import type { ChatRequest } from '../types/chat.js';
import type { Target } from './resolve-targets.js';

export interface ContextAdjustment {
  /** Multiplies the token estimate after the provider counted more than we did. */
  factorBoost?: number;
  /** A window the provider reported, when it is smaller than ours. */
  contextWindow?: number;
  /**
   * The upstream lets prompt + `max_tokens` exceed the window (Anthropic's current models: the answer just
   * stops at the window). Then the client's `max_tokens` is no reserve: Claude Code asks for 128,000, which
   * would leave a 200k window a 68k budget. The usual reserve (the model's output limit, at most 8,192) holds.
   */
  outputBeyondWindow?: boolean;
}

/** The context step of a request for one target: what was learned about its model, and what its API allows. */
export function prepareForTarget(
  request: ChatRequest,
  target: Target,
  config: ContextConfig,
  learned: ContextAdjustment | undefined,
  outputBeyondWindow: boolean,
): Generator<void, TruncateResult, void> {
  return prepareContext(request, target.model, config, { factorBoost: learned?.factorBoost, contextWindow: learned?.contextWindow, outputBeyondWindow });
}

/** The context step of a chat request: the model's window, the output reserve, then `truncateContext`, as steps. */
export function prepareContext(request: ChatRequest, upstreamModel: string | undefined, config: ContextConfig, adjustment: ContextAdjustment = {}): Generator<void, TruncateResult, void> {
  // No object spreads on this per-request path: on Node 20, V8 defines each property written after a spread
  // in a literal through a runtime call (about half a microsecond each; this function took 10 us with them).
  const limits = targetLimits(upstreamModel, config);
  const requested = request.max_completion_tokens ?? request.max_tokens;
  const usual = Math.min(limits.maxOutputTokens, config.defaultReserveOutputTokens ?? 8_192);
  const reserve = typeof requested !== 'number' ? usual : adjustment.outputBeyondWindow === true ? Math.min(requested, usual) : requested;
  const reported = adjustment.contextWindow !== undefined && Number.isFinite(adjustment.contextWindow) ? adjustment.contextWindow : undefined;
  const contextWindow = Math.min(limits.contextWindow, reported ?? Infinity);
  const budgetOptions = { contextWindow, reserveOutputTokens: reserve, safetyMarginTokens: config.safetyMarginTokens };
  // An explicit budget still yields to a smaller window the provider reported.
  const maxPromptTokens = config.maxPromptTokens !== undefined && reported !== undefined ? Math.min(config.maxPromptTokens, resolveBudget(budgetOptions)) : config.maxPromptTokens;
  return truncateContextSteps(request.messages, {
    contextWindow,
    reserveOutputTokens: reserve,
    safetyMarginTokens: config.safetyMarginTokens,
    model: upstreamModel,
    factor: tokenFactor(upstreamModel, config) * (adjustment.factorBoost ?? 1),
    maxPromptTokens,
    maxMessageTokens: config.maxMessageTokens,
    lowWaterRatio: config.lowWaterRatio,
    keepToolResults: config.keepToolResults,
    protectRecent: config.protectRecent,
    minClearTokens: config.minClearTokens,
    imageTokens: config.imageTokens,
    tools: request.tools,
  });
}

/**
 * The most of the relay's tokens a request to `upstreamModel` could send: its window (or the explicit budget,
 * when larger), in the relay's count (a token factor under 1 lets more through).
 */
export function windowTokens(upstreamModel: string | undefined, config: ContextConfig): number {
  const window = Math.max(targetLimits(upstreamModel, config).contextWindow, config.maxPromptTokens ?? 0);
  return window / Math.min(1, tokenFactor(upstreamModel, config));
}

/** The model's window and output limit: the config's overrides, the built-in table, else the config's default window. */
function targetLimits(upstreamModel: string | undefined, config: ContextConfig): ModelLimits {
  const fallback = { contextWindow: config.defaultContextWindow ?? DEFAULT_LIMITS.contextWindow, maxOutputTokens: DEFAULT_LIMITS.maxOutputTokens };
  return modelLimits(upstreamModel, config.models, fallback);
}

function tokenFactor(model: string | undefined, config: ContextConfig): number {
  if (model === undefined || config.models === undefined) return 1;
  for (const [pattern, limits] of Object.entries(config.models)) {
    if (matchesGlob(pattern, model) && limits.tokenFactor !== undefined) return limits.tokenFactor;
  }
  return 1;
}
