import type { RequestRecord } from '@llm-relay/core';
import { describe, expect, it } from 'vitest';
import { genAiSpanName, requestErrorType, requestSpanAttributes } from './request-span-attributes.js';

const record: RequestRecord = {
  requestId: 'req-1',
  startedAt: 1_700_000_000_000,
  method: 'POST',
  path: '/v1/messages',
  status: 200,
  durationMs: 40,
  ttfbMs: 12,
  model: 'claude-sonnet-4-5',
  upstreamModel: 'MiniMaxAI/MiniMax-M2.5',
  upstream: 'default',
  stream: true,
  protocol: 'anthropic-messages',
  sessionId: 'session-42',
  sessionSource: 'client',
  // Anthropic's usage as the core records it: 5 uncached + 100 written + 2000 read.
  promptTokens: 2105,
  cachedTokens: 2000,
  cacheWriteTokens: 100,
  completionTokens: 7,
  attempts: 2,
  keyName: 'alice',
  outcome: 'completed',
  repaired: [{ kind: 'json_syntax', family: 'structured', tool: 'read_file' }],
  truncation: {
    stage: 'drop',
    budget: 180_000,
    lowWater: 0.6,
    tokensBefore: 201_234,
    tokensAfter: 110_000,
    messagesBefore: 30,
    messagesAfter: 18,
    messagesCapped: 2,
    toolResultsCleared: 5,
    turnsDropped: 4,
    messagesDropped: 12,
    cutIndex: 3,
    protectedRecent: 4,
  },
};

describe('requestSpanAttributes', () => {
  it('maps the record to the GenAI attributes, input tokens counting the cached ones', () => {
    const attributes = requestSpanAttributes(record, undefined);
    expect(attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.response.model': 'MiniMaxAI/MiniMax-M2.5',
      'gen_ai.provider.name': 'default',
      'gen_ai.conversation.id': 'session-42',
      'gen_ai.usage.input_tokens': 2105,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'http.response.status_code': 200,
      'llm_relay.stream': true,
      'llm_relay.protocol': 'anthropic-messages',
      'llm_relay.attempts': 2,
      'llm_relay.ttfb_ms': 12,
      'llm_relay.client_key_name': 'alice',
      'llm_relay.tool_calls_repaired': 1,
    });
    expect(attributes['error.type']).toBeUndefined();
  });

  it('carries the context cut', () => {
    expect(requestSpanAttributes(record, undefined)).toMatchObject({
      'llm_relay.context.stage': 'drop',
      'llm_relay.context.budget': 180_000,
      'llm_relay.context.tokens_before': 201_234,
      'llm_relay.context.tokens_after': 110_000,
      'llm_relay.context.turns_dropped': 4,
      'llm_relay.context.messages_dropped': 12,
      'llm_relay.context.tool_results_cleared': 5,
      'llm_relay.context.messages_capped': 2,
    });
  });

  it('leaves out what is not known rather than writing a zero', () => {
    const attributes = requestSpanAttributes({ requestId: 'r', startedAt: 0, method: 'POST', path: '/v1/chat/completions', status: 400, durationMs: 1 }, '400');
    expect(Object.keys(attributes).filter((name) => name.startsWith('gen_ai.usage') || name.startsWith('llm_relay.context'))).toEqual([]);
    expect(Object.values(attributes)).not.toContain(undefined);
    expect(attributes['error.type']).toBe('400');
  });
});

describe('genAiSpanName', () => {
  it('is the operation and the model, or the operation alone', () => {
    expect(genAiSpanName('gpt-4')).toBe('chat gpt-4');
    expect(genAiSpanName(undefined)).toBe('chat');
  });
});

describe('requestErrorType', () => {
  it('prefers the relay code, then a failed stream, then the status', () => {
    expect(requestErrorType({ ...record, status: 502 }, 'upstream_unreachable')).toBe('upstream_unreachable');
    expect(requestErrorType({ ...record, outcome: 'idle_timeout' }, undefined)).toBe('idle_timeout');
    expect(requestErrorType({ ...record, outcome: undefined, status: 503 }, undefined)).toBe('503');
    expect(requestErrorType(record, undefined)).toBeUndefined();
  });
});
