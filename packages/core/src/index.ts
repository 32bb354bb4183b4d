// The public API of @llm-relay/core. Everything not listed here is internal.
export { createRelayHandler } from './handler/create-relay-handler.js';
export type { RelayHandlerOptions, UpstreamConfig, UpstreamApi, ContextConfig, RequestRecord, ModelRoute, RetryConfig } from './options/relay-options.js';
export { LearnedAdjustments } from './routing/learned-adjustments.js';
export type { LearnedAdjustment, LearnedAdjustmentsOptions } from './routing/learned-adjustments.js';

export type { RelayPlugin, RelayContext, RelayRoute, ForwardInfo, UpstreamAttempt } from './plugins/relay-plugin.js';
export { clientKeyAuth, presentedKey } from './plugins/client-key-auth.js';
export type { ClientKey, ClientKeyAuthOptions } from './plugins/client-key-auth.js';
export { rateLimit, formatDuration } from './plugins/rate-limit.js';
export type { RateLimits, RateLimitOptions } from './plugins/rate-limit.js';
export { MemoryRateLimitStore } from './plugins/memory-rate-limit-store.js';
// A store of one's own (the CLI's Redis one) reports bucket levels the way the memory store does.
export { bucketState } from './plugins/rate-limit-store.js';
export type { RateLimitStore, BucketCheck, BucketState, ConsumeResult } from './plugins/rate-limit-store.js';

export { estimateTokens, estimateTokensSteps } from './context/estimate-tokens.js';
export { prepareCooperatively, prepareStepsCooperatively } from './context/prepare-cooperatively.js';
export type { CooperativeOptions } from './context/prepare-cooperatively.js';
export type { EstimateOptions } from './context/estimate-tokens.js';
export { capMessage } from './context/cap-message.js';
export { truncateContext, truncateContextSteps } from './context/truncate-context.js';
export type { TruncateOptions, TruncateResult } from './context/truncate-context.js';
export { formatReport } from './context/truncation-report.js';
export type { TruncationReport, TruncationStage } from './context/truncation-report.js';
export { resolveBudget } from './context/context-budget.js';
export type { BudgetOptions } from './context/context-budget.js';
export { modelLimits, DEFAULT_LIMITS } from './context/model-windows.js';
export type { ModelLimits } from './context/model-windows.js';
export { encodingForModel, clearTokenCaches, loadEncoding } from './context/tokenizer.js';
export type { EncodingName } from './context/tokenizer.js';

export { mapModel, listedModels } from './models/map-model.js';
export type { ModelMapConfig } from './models/map-model.js';

export { RelayError } from './errors/relay-error.js';
export type { RelayErrorInit, RelayErrorType } from './errors/relay-error.js';
export { errorResponse } from './errors/error-response.js';
export type { OpenAIErrorBody } from './errors/error-response.js';
export { parseContextOverflow } from './upstream/context-overflow.js';
export { KeyRests } from './upstream/key-rests.js';
export type { KeyRestsOptions } from './upstream/key-rests.js';
export { keyFingerprint } from './upstream/key-fingerprint.js';
export { REASONING_ROUND_TRIPS } from './upstream/reasoning-round-trip.js';
export type { ReasoningRoundTrip } from './upstream/reasoning-round-trip.js';
export type { UpstreamFetch, UpstreamRequestInit, UpstreamResponse } from './upstream/upstream-fetch.js';

export { repairCompletion } from './tool-repair/repair-completion.js';
export { offeredTools } from './tool-repair/offered-tools.js';
export { TOOL_CALL_FAMILIES } from './tool-repair/families/index.js';
export type { ToolRepairConfig } from './tool-repair/tool-repair-config.js';
export type { ToolCallFamily, FamilyName, WrittenCall, WrittenArguments, WrittenField, FamilyMatch } from './tool-repair/tool-call-family.js';
export type { RepairKind, RepairSource, RepairedCall, UnrepairedCall, RepairListener } from './tool-repair/repair-report.js';

export type { ChatMessage, ChatRequest, ContentPart, ToolCall, Usage, MessageRole } from './types/chat.js';

// The wire protocols, for hosts that want a codec without the handler.
export type { FrontDoor, DecodedRequest, StreamWriter, ProtocolName } from './protocols/front-door.js';
export { chatFrontDoor } from './protocols/openai-chat/chat-front-door.js';
export { messagesFrontDoor } from './protocols/anthropic-messages/messages-front-door.js';
export { responsesFrontDoor } from './protocols/openai-responses/responses-front-door.js';
