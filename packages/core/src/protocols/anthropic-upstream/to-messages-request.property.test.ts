import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anthropicRequestError } from '../../fake-provider/anthropic/validate-anthropic-request.js';
import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import { placeCacheBreakpoints } from './cache-breakpoints.js';
import { taskMessageIndex } from './task-message-index.js';
import { toMessagesRequest } from './to-messages-request.js';
import type { UpstreamMessagesRequest } from './upstream-types.js';

const words = fc.constantFrom('Fix the test', 'ok', '', '  ', '\n', 'a\nb ', 'ünïcode ✓', '<system-reminder>x</system-reminder>');
const marker = fc.option(fc.constant({ type: 'ephemeral' }), { nil: undefined, freq: 6 });
const textPart = fc.tuple(words, marker).map(([text, cache_control]) => (cache_control === undefined ? { type: 'text', text } : { type: 'text', text, cache_control }));
const imagePart = fc
  .constantFrom('data:image/png;base64,iVBORw0K', 'https://example.com/a.png', 'data:image/svg+xml;base64,PHN2Zz4=', 'ftp://x/y.png', 'data:image/png,raw', '')
  .map((url) => ({ type: 'image_url', image_url: { url } }));
const otherPart = fc.constantFrom({ type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } }, { type: 'refusal', refusal: 'No.' });
const content = fc.oneof(words, fc.constant(null), fc.array(fc.oneof({ weight: 4, arbitrary: textPart }, { weight: 2, arbitrary: imagePart }, { weight: 1, arbitrary: otherPart }), { maxLength: 3 }));
const ids = fc.constantFrom('call_1', 'call_2', 'call_3', 'functions.bash:0', 'toolu 4', '');
const args = fc.constantFrom('{}', '{"command":"ls"}', '{"command": "l', '', '[1]', 'null', '{"a":{"b":[1,2]}}');
const toolCall = fc.record({ id: ids, type: fc.constant('function' as const), function: fc.record({ name: fc.constantFrom('bash', 'read', ''), arguments: args }) });

// Anything a client might send, in any order: orphan results, unanswered calls, roles out of place.
const anyMessage: fc.Arbitrary<ChatMessage> = fc.oneof(
  fc.record({ role: fc.constantFrom('system' as const, 'developer' as const), content }),
  fc.record({ role: fc.constant('user' as const), content }),
  fc.record({
    role: fc.constant('assistant' as const),
    content,
    reasoning_content: fc.option(words, { nil: undefined }),
    tool_calls: fc.option(fc.array(toolCall, { maxLength: 4 }), { nil: undefined }),
  }),
  fc.record({ role: fc.constant('tool' as const), tool_call_id: ids, content }),
);

// What agents really send: calls (often parallel) answered by tool messages, system notes in between.
let callCounter = 0;
const toolTurn = fc.tuple(content, fc.array(fc.tuple(args, content), { minLength: 1, maxLength: 5 }), fc.boolean()).map(([text, calls, shuffle]) => {
  const idsOfTurn = calls.map(() => `call_${(callCounter += 1)}`);
  const results: ChatMessage[] = calls.map(([, result], i) => ({ role: 'tool', tool_call_id: idsOfTurn[i], content: result }));
  if (shuffle) results.reverse();
  const assistant: ChatMessage = { role: 'assistant', content: text, tool_calls: calls.map(([a], i) => ({ id: idsOfTurn[i] as string, type: 'function', function: { name: 'bash', arguments: a } })) };
  return [assistant, ...results];
});
const turn: fc.Arbitrary<ChatMessage[]> = fc.oneof(
  { weight: 3, arbitrary: toolTurn },
  { weight: 2, arbitrary: content.map((c): ChatMessage[] => [{ role: 'user', content: c }]) },
  { weight: 2, arbitrary: content.map((c): ChatMessage[] => [{ role: 'assistant', content: c }]) },
  { weight: 1, arbitrary: content.map((c): ChatMessage[] => [{ role: 'system', content: c }]) },
);
const agentConversation = fc
  .tuple(fc.array(fc.record({ role: fc.constant('system' as const), content }), { maxLength: 2 }), fc.array(turn, { maxLength: 8 }))
  .map(([system, turns]) => [...system, ...turns.flat()]);
const conversation = fc.oneof(agentConversation, fc.array(anyMessage, { maxLength: 12 }));

const tools = [{ type: 'function', function: { name: 'bash', description: 'Run', parameters: { type: 'object', properties: { command: { type: 'string' } } } } }];
const chatOf = (messages: ChatMessage[]): ChatRequest => ({ model: 'client-model', messages, tools, max_tokens: 4_000, stream: true });
const convert = (chat: ChatRequest) => toMessagesRequest(chat, { maxOutputTokens: 8_192, model: 'claude-sonnet-4-5', thinkingModels: true });
const place = (request: UpstreamMessagesRequest) => placeCacheBreakpoints(request, { taskMessageIndex: taskMessageIndex(request.messages) });

/** The same value with every object's keys in reverse order. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reversedKeys(inner)]),
  ) as T;
}

function structuralProblem(request: UpstreamMessagesRequest): string | undefined {
  for (const [index, message] of request.messages.entries()) {
    if (message.role !== (index % 2 === 0 ? 'user' : 'assistant')) return `messages.${index}: roles do not alternate`;
    const types = message.content.map((block) => block.type);
    const firstOther = types.findIndex((type) => type !== 'tool_result');
    if (firstOther !== -1 && types.slice(firstOther).includes('tool_result')) return `messages.${index}: a tool_result after other blocks`;
    const resultIds = message.content.flatMap((block) => (block.type === 'tool_result' ? [block.tool_use_id] : []));
    if (new Set(resultIds).size !== resultIds.length) return `messages.${index}: a call answered twice`;
  }
  return undefined;
}

describe('toMessagesRequest over generated conversations', () => {
  it('always gives a request Anthropic accepts, with or without the relay breakpoints', () => {
    fc.assert(
      fc.property(conversation, (messages) => {
        const request = convert(chatOf(messages));
        const placed = place(request);
        expect(anthropicRequestError(placed, { requireMaxTokens: true, allowSystemRole: false })).toBeUndefined();
        const unplaced = anthropicRequestError(request, { requireMaxTokens: true, allowSystemRole: false });
        // Only the client's own markers could be too many: placeCacheBreakpoints trims them.
        if (unplaced !== undefined) expect(unplaced).toMatch(/^A maximum of 4 blocks with cache_control/);
        expect(structuralProblem(placed)).toBeUndefined();
        expect(JSON.stringify(placed)).not.toMatch(/"text":"\s*"/);
      }),
      { numRuns: 600 },
    );
  });

  it('is deterministic: the same conversation gives the same bytes, whatever the key order the client used', () => {
    fc.assert(
      fc.property(conversation, (messages) => {
        const bytes = JSON.stringify(place(convert(chatOf(messages))));
        expect(JSON.stringify(place(convert(chatOf(structuredClone(messages)))))).toBe(bytes);
        expect(JSON.stringify(place(convert(chatOf(reversedKeys(messages)))))).toBe(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('never changes earlier messages when a conversation grows by whole turns', () => {
    fc.assert(
      fc.property(agentConversation, fc.array(turn, { minLength: 1, maxLength: 3 }), (messages, more) => {
        const before = convert(chatOf(messages)).messages;
        const after = convert(chatOf([...messages, ...more.flat()])).messages;
        // The last message of the shorter request may gain blocks (a user turn that continues), no other.
        expect(after.slice(0, Math.max(0, before.length - 1))).toEqual(before.slice(0, -1));
      }),
      { numRuns: 300 },
    );
  });
});
