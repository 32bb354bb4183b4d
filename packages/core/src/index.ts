// The public API of @llm-relay/core. Everything not listed here is internal.

export { capMessage } from './context/cap-message.js';
export type { BudgetOptions } from './context/context-budget.js';
export { resolveBudget } from './context/context-budget.js';
export type { EstimateOptions } from './context/estimate-tokens.js';
export { estimateTokens, estimateTokensSteps } from './context/estimate-tokens.js';
export type { LearnedAdjustment, LearnedAdjustmentsOptions } from './context/learned-adjustments.js';
export { LearnedAdjustments } from './context/learned-adjustments.js';
// For pages and tools that show what the engine cleared (the CLI's live page).
export { isClearedPlaceholder } from './context/message-sizes.js';
export type { ModelLimits } from './context/model-windows.js';
export { DEFAULT_LIMITS, modelLimits } from './context/model-windows.js';
export type { CooperativeOptions } from './context/prepare-cooperatively.js';
export { prepareCooperatively, prepareStepsCooperatively } from './context/prepare-cooperatively.js';
export type { EncodingName } from './context/tokenizer.js';
export { clearTokenCaches, encodingForModel, loadEncoding } from './context/tokenizer.js';
export type { TruncateOptions, TruncateResult } from './context/truncate-context.js';
export { truncateContext, truncateContextSteps } from './context/truncate-context.js';
export type { TruncationReport, TruncationStage } from './context/truncation-report.js';
export { formatReport } from './context/truncation-report.js';
export type { OpenAIErrorBody } from './errors/error-response.js';
export { errorResponse } from './errors/error-response.js';
export type { RelayErrorInit, RelayErrorType } from './errors/relay-error.js';
export { RelayError } from './errors/relay-error.js';
export { createRelayHandler } from './handler/create-relay-handler.js';
export type { ModelMapConfig } from './models/map-model.js';
export { listedModels, mapModel } from './models/map-model.js';
export type { ContextConfig, ModelRoute, RelayHandlerOptions, RequestRecord, RetryConfig, UpstreamApi, UpstreamConfig } from './options/relay-options.js';
export type { ClientKey, ClientKeyAuthOptions } from './plugins/client-key-auth.js';
export { clientKeyAuth, presentedKey } from './plugins/client-key-auth.js';
export { MemoryRateLimitStore } from './plugins/memory-rate-limit-store.js';
export type { RateLimitOptions, RateLimits } from './plugins/rate-limit.js';
export { formatDuration, rateLimit } from './plugins/rate-limit.js';
export type { BucketCheck, BucketState, ConsumeResult, RateLimitStore } from './plugins/rate-limit-store.js';
// A store of one's own (the CLI's Redis one) reports bucket levels the way the memory store does.
export { bucketState } from './plugins/rate-limit-store.js';
export type { ConversationView, ForwardInfo, RelayContext, RelayPlugin, RelayRoute, UpstreamAttempt, UpstreamCallStart } from './plugins/relay-plugin.js';
export { messagesFrontDoor } from './protocols/anthropic-messages/messages-front-door.js';
// The wire protocols, for hosts that want a codec without the handler.
export type { DecodedRequest, FrontDoor, ProtocolName, StreamWriter } from './protocols/front-door.js';
export { chatFrontDoor } from './protocols/openai-chat/chat-front-door.js';
export { responsesFrontDoor } from './protocols/openai-responses/responses-front-door.js';
export { TOOL_CALL_FAMILIES } from './tool-repair/families/index.js';
export { offeredTools } from './tool-repair/offered-tools.js';
export { repairCompletion } from './tool-repair/repair-completion.js';
export type { RepairedCall, RepairKind, RepairListener, RepairSource, UnrepairedCall } from './tool-repair/repair-report.js';
export type { FamilyMatch, FamilyName, ToolCallFamily, WrittenArguments, WrittenCall, WrittenField } from './tool-repair/tool-call-family.js';
export type { ToolRepairConfig } from './tool-repair/tool-repair-config.js';
export type { ChatMessage, ChatRequest, ContentPart, MessageRole, ToolCall, Usage } from './types/chat.js';
// What a host's own shared store of provider-key rests (the CLI's Redis one) builds on, and how logs name a key.
export { keyFingerprint } from './upstream/key-fingerprint.js';
export type { KeyRestsOptions } from './upstream/key-rests.js';
export { KeyRests } from './upstream/key-rests.js';
export type { ReasoningRoundTrip } from './upstream/reasoning-round-trip.js';
export { REASONING_ROUND_TRIPS } from './upstream/reasoning-round-trip.js';
export type { UpstreamFetch, UpstreamRequestInit, UpstreamResponse } from './upstream/upstream-fetch.js';
