// @llm-relay/core/testing: the fake providers the relay's tests, benchmarks and `llm-relay --demo` run
// against, strict as real providers are. Not part of the relay itself, so not in the main entry.

export type { AnthropicFakeProvider, AnthropicFakeProviderOptions, AnthropicRecordedRequest } from './fake-provider/anthropic/create-anthropic-fake-provider.js';
export { createAnthropicFakeProvider } from './fake-provider/anthropic/create-anthropic-fake-provider.js';
export type { FakeFailure, FakeProvider, FakeProviderOptions, RecordedRequest } from './fake-provider/create-fake-provider.js';
export { createFakeProvider } from './fake-provider/create-fake-provider.js';
export type { DemoToolFormat } from './fake-provider/demo-tool-format.js';
export { DEMO_TOOL_FORMATS, writeToolCallsAs } from './fake-provider/demo-tool-format.js';
export type { ResponsesFakeProvider, ResponsesFakeProviderOptions, ResponsesRecordedRequest } from './fake-provider/responses/create-responses-fake-provider.js';
export { createResponsesFakeProvider } from './fake-provider/responses/create-responses-fake-provider.js';
export { toolSequenceError } from './fake-provider/tool-sequence-error.js';
