import type { ChatMessage } from '../types/chat.js';
import { runSteps } from '../util/run-steps.js';
import { type BudgetOptions, resolveBudget } from './context-budget.js';
import { type ConversationLayout, conversationLayout } from './conversation-layout.js';
import { type EstimateOptions, messageTokens, resolveEstimateOptions, toolsTokens } from './estimate-tokens.js';
import { fitNewest } from './fit-newest.js';
import { MessageSizes } from './message-sizes.js';
import { isStepEnd } from './step-pace.js';
import type { TruncationReport, TruncationStage } from './truncation-report.js';

export interface TruncateOptions extends EstimateOptions, BudgetOptions {
  /** Once truncation has begun, no message keeps more than this. Default 20,000 (the Go relay's). */
  maxMessageTokens?: number;
  /** A cut goes down to this share of the budget, so the next requests reuse the same cut. Default 0.6. */
  lowWaterRatio?: number;
  /** Tool results this recent are never cleared. Default 4. */
  keepToolResults?: number;
  /**
   * The newest this many messages, and always the whole newest turn (the latest user message, or the
   * latest assistant message with its tool results), are never capped or cleared: they reach the model as
   * the client sent them unless the newest turn alone cannot fit. Default 4.
   */
  protectRecent?: number;
  /** Clearing old tool results happens only if it frees at least this much. Default 2% of the budget. */
  minClearTokens?: number;
  /** The request's tool definitions, which count against the budget too. */
  tools?: readonly unknown[];
}

export interface TruncateResult {
  messages: ChatMessage[];
  /** For each message in `messages`, its index in the input: what was kept, in order. */
  sources: number[];
  report: TruncationReport;
}

const PRIMING_TOKENS = 3;

/**
 * Fits a conversation into its token budget without ever making it invalid, and so that a growing
 * conversation keeps the same prefix from one request to the next (the provider's prompt cache stays warm).
 *
 * Stages, each used only if the ones before were not enough: cap oversized messages, clear old tool
 * results, drop the oldest turns whole (a tool call with its answers is one turn), cap the newest turn
 * harder. System messages, the first user message and the newest message always stay. The first two
 * stages never touch system messages, the task, the newest `protectRecent` messages or the newest turn,
 * so what the model is working on arrives whole whenever it fits.
 *
 * The cut is a pure function of the messages: the conversation is replayed message by message, and
 * whenever it outgrows the budget it is cut down to a low-water mark. A later request of the same
 * conversation replays the same history, reaches the same cut, and so sends the same prefix, until it
 * outgrows the budget again. No server state is needed, so it also holds behind several replicas.
 *
 * @example
 * const { messages, report } = truncateContext(history, { contextWindow: 196_608, reserveOutputTokens: 8_192 });
 * @throws RelayError 400 `context_length_exceeded` when even the newest turn cannot be made to fit.
 */
export function truncateContext(messages: readonly ChatMessage[], options: TruncateOptions = {}): TruncateResult {
  return runSteps(truncateContextSteps(messages, options));
}

/**
 * `truncateContext` as steps that yield every so many messages, so that a cooperative scheduler can give
 * the event loop to other requests in between (see `prepareStepsCooperatively`): a request of 50,000
 * messages would otherwise hold it for tens of milliseconds in one go.
 */
export function* truncateContextSteps(messages: readonly ChatMessage[], options: TruncateOptions = {}): Generator<void, TruncateResult, void> {
  const estimate = resolveEstimateOptions(options);
  const budget = resolveBudget(options);
  const lowWater = Math.floor(budget * (options.lowWaterRatio ?? 0.6));
  const fixed = PRIMING_TOKENS + toolsTokens(options.tools, estimate);
  // Typed: `new Array(n)` past about 100,000 elements is a dictionary, slow to fill.
  const full = new Float64Array(messages.length);
  let tokensBefore = fixed;
  for (let i = 0; i < messages.length; i += 1) {
    if (isStepEnd(i)) yield;
    full[i] = messageTokens(messages[i] as ChatMessage, estimate);
    tokensBefore += full[i] as number;
  }
  const base: TruncationReport = {
    stage: 'none',
    budget,
    lowWater,
    tokensBefore,
    tokensAfter: tokensBefore,
    messagesBefore: messages.length,
    messagesAfter: messages.length,
    messagesCapped: 0,
    toolResultsCleared: 0,
    turnsDropped: 0,
    messagesDropped: 0,
    cutIndex: -1,
    protectedRecent: messages.length,
  };
  // Every prefix of a conversation that fits fits too, so the replay below would change nothing.
  if (tokensBefore <= budget) return { messages: messages as ChatMessage[], sources: messages.map((_, i) => i), report: base };

  const sizes = new MessageSizes(messages, full, options.maxMessageTokens ?? 20_000, estimate);
  const layout = yield* conversationLayout(messages);
  const plan = yield* replay(messages, layout, sizes, {
    budget,
    lowWater,
    fixed,
    keepToolResults: Math.max(1, options.keepToolResults ?? 4),
    protectRecent: Math.max(1, options.protectRecent ?? 4),
    minClearTokens: options.minClearTokens ?? Math.ceil(budget * 0.02),
  });
  const output = yield* build(messages, layout, sizes, plan);
  const hardCapped = yield* fitNewest(output, budget, fixed, estimate);
  const tokensAfter = hardCapped.tokens;
  let stage: TruncationStage = plan.dropped > 0 ? 'drop' : plan.clearBefore > 0 && output.cleared > 0 ? 'clear' : 'cap';
  if (hardCapped.changed) stage = 'hard-cap';
  return {
    messages: hardCapped.messages,
    sources: output.sources,
    report: {
      ...base,
      stage,
      tokensAfter,
      messagesAfter: hardCapped.messages.length,
      messagesCapped: output.capped + hardCapped.changed,
      toolResultsCleared: output.cleared,
      turnsDropped: plan.dropped,
      messagesDropped: messages.length - hardCapped.messages.length,
      cutIndex: plan.dropped > 0 ? plan.cut : -1,
      protectedRecent: messages.length - plan.protectFrom,
    },
  };
}

export interface Plan {
  /** Messages before this index are capped (stage 1); only an overflow moves it, so prefixes hold between overflows. */
  capBefore: number;
  /** Where the protected recent messages began at the last overflow. */
  protectFrom: number;
  clearBefore: number;
  cut: number;
  dropped: number;
}

interface ReplayLimits {
  budget: number;
  lowWater: number;
  fixed: number;
  keepToolResults: number;
  protectRecent: number;
  minClearTokens: number;
}

/**
 * Replays the conversation's growth and returns the cut it ends with (see `truncateContext`). Linear in
 * the number of messages: the cap, clear and drop boundaries only move forward, so each stage's running
 * sums are kept up to date as a boundary passes a message, instead of being summed again at each overflow
 * (which made a 50,000-message conversation that overflows often quadratic).
 */
function* replay(messages: readonly ChatMessage[], layout: ConversationLayout, sizes: MessageSizes, limits: ReplayLimits): Generator<void, Plan, void> {
  const plan: Plan = { capBefore: 0, protectFrom: messages.length, clearBefore: 0, cut: layout.firstUnit, dropped: 0 };
  const toolIndices: number[] = [];
  const size = (i: number): number => sizes.size(i, plan, layout);
  // What clearing would free: the tool results from `plan.clearBefore` up to `toolIndices[scanned]`, not
  // dropped. They all lie before `plan.capBefore`, so each one's saving is fixed once it is added.
  const saving = (t: number): number => sizes.capped(t) - sizes.cleared(t, layout);
  let scanned = 0;
  let clearable = 0;
  let total = limits.fixed;

  for (let k = 0; k < messages.length; k += 1) {
    if (isStepEnd(k)) yield;
    total += size(k);
    if (messages[k]?.role === 'tool' && !layout.pinned[k]) toolIndices.push(k);
    if (total <= limits.budget) continue;

    // The newest turn and the few messages before it are what the model is working on: never cut them here.
    const newestUnit = layout.pinned[k] ? k : (layout.unitStart[k] as number);
    const protectFrom = Math.max(0, Math.min(k + 1 - limits.protectRecent, newestUnit));
    plan.protectFrom = protectFrom;

    // Stage 1: cap every message older than the protected ones. Those newly capped were sent whole until now
    // (none of them is cleared: clearing never reaches past the cap boundary).
    if (protectFrom > plan.capBefore) {
      for (let i = Math.max(plan.capBefore, plan.cut); i < protectFrom; i += 1) {
        if (!layout.pinned[i]) total += sizes.capped(i) - (sizes.full[i] as number);
      }
      plan.capBefore = protectFrom;
      if (total <= limits.lowWater) continue;
    }

    // Stage 2: clear every tool result but the most recent few, if that is worth a cache break.
    const keptTarget = toolIndices[toolIndices.length - limits.keepToolResults];
    const clearTarget = keptTarget === undefined ? undefined : Math.min(keptTarget, protectFrom);
    if (clearTarget !== undefined && clearTarget > plan.clearBefore) {
      for (; scanned < toolIndices.length && (toolIndices[scanned] as number) < clearTarget; scanned += 1) {
        const t = toolIndices[scanned] as number;
        if (t >= plan.clearBefore && t >= plan.cut) clearable += saving(t);
      }
      if (clearable >= limits.minClearTokens) {
        plan.clearBefore = clearTarget;
        total -= clearable;
        clearable = 0;
        if (total <= limits.lowWater) continue;
      }
    }

    // Stage 3: drop the oldest units, never the one holding the newest message.
    const scannedEnd = scanned === 0 ? 0 : (toolIndices[scanned - 1] as number) + 1;
    while (total > limits.lowWater && plan.cut < newestUnit) {
      const next = layout.nextUnit[plan.cut] as number;
      for (let i = plan.cut; i < next; i += 1) {
        if (layout.pinned[i]) continue;
        total -= size(i);
        // A dropped tool result no longer counts toward what clearing would free.
        if (i >= plan.clearBefore && i < scannedEnd && messages[i]?.role === 'tool') clearable -= saving(i);
      }
      plan.cut = next;
      plan.dropped += 1;
    }
  }
  return plan;
}

export interface Built {
  messages: ChatMessage[];
  sources: number[];
  sizes: number[];
  capped: number;
  cleared: number;
}

function* build(messages: readonly ChatMessage[], layout: ConversationLayout, sizes: MessageSizes, plan: Plan): Generator<void, Built, void> {
  const built: Built = { messages: [], sources: [], sizes: [], capped: 0, cleared: 0 };
  for (let i = 0; i < messages.length; i += 1) {
    if (isStepEnd(i)) yield;
    const message = messages[i] as ChatMessage;
    if (!layout.pinned[i] && i < plan.cut) continue;
    let sent = message;
    if (!layout.pinned[i] && message.role === 'tool' && i < plan.clearBefore) {
      sent = sizes.clearedMessage(i, layout);
      if (sent !== message) built.cleared += 1;
    } else if (i < plan.capBefore && !layout.pinned[i]) {
      sent = sizes.cappedMessage(i);
      if (sent !== message) built.capped += 1;
    }
    built.messages.push(sent);
    built.sources.push(i);
    built.sizes.push(sizes.size(i, plan, layout));
  }
  return built;
}
