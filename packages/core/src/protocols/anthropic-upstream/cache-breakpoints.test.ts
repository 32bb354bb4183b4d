import { describe, expect, it } from 'vitest';
import type { CustomTool, MessageParam, MessagesRequest, TextBlock } from '../anthropic-messages/anthropic-types.js';
import { placeCacheBreakpoints } from './cache-breakpoints.js';

const ephemeral = { type: 'ephemeral' as const };
const text = (value: string, marked = false): TextBlock => (marked ? { type: 'text', text: value, cache_control: ephemeral } : { type: 'text', text: value });
const user = (...texts: string[]): MessageParam => ({ role: 'user', content: texts.map((t) => text(t)) });
const assistant = (...texts: string[]): MessageParam => ({ role: 'assistant', content: texts.map((t) => text(t)) });
const toolTurn = (id: string): MessageParam[] => [
  { role: 'assistant', content: [{ type: 'tool_use', id, name: 'bash', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'ok' }] },
];
const request = (messages: MessageParam[], extra: Partial<MessagesRequest> = {}): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  system: [text('You are an agent.'), text('Rules.')],
  messages,
  ...extra,
});

/** Where the markers are: 'system.1', 'messages.2.0', ... */
function markers(result: MessagesRequest): string[] {
  const found: string[] = [];
  const scan = (name: string, list: unknown) => {
    if (!Array.isArray(list)) return;
    list.forEach((block: { cache_control?: unknown }, index) => {
      if (block?.cache_control !== undefined) found.push(`${name}.${index}`);
    });
  };
  scan('tools', result.tools);
  scan('system', result.system);
  result.messages.forEach((message, index) => scan(`messages.${index}`, message.content));
  return found;
}

describe('placeCacheBreakpoints', () => {
  it('marks the last system block, the task, the end of the previous request and the last block', () => {
    const messages = [user('Task', 'details'), assistant('Plan'), user('Go on'), assistant('Done'), user('More')];
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0 }))).toEqual(['system.1', 'messages.0.1', 'messages.2.0', 'messages.4.0']);
  });

  it('puts (3) before the assistant tool_use message when the newest turn is tool results', () => {
    const messages = [user('Task'), assistant('Plan'), user('Run it'), ...toolTurn('t1')];
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0 }))).toEqual(['system.1', 'messages.0.0', 'messages.2.0', 'messages.4.0']);
  });

  it('counts a block once when targets coincide', () => {
    expect(markers(placeCacheBreakpoints(request([user('Task')]), { taskMessageIndex: 0 }))).toEqual(['system.1', 'messages.0.0']);
    expect(markers(placeCacheBreakpoints(request([user('Task'), ...toolTurn('t1')]), { taskMessageIndex: 0 }))).toEqual(['system.1', 'messages.0.0', 'messages.2.0']);
  });

  it('respects client markers, which count: ours go in the order 3, 2, 1', () => {
    const messages = [user('Task'), assistant('Plan'), { role: 'user' as const, content: [text('Go on', true)] }, assistant('Done'), user('More')];
    const clientSystem = [text('You are an agent.', true), text('Rules.')];
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0 }))).toEqual(['system.1', 'messages.0.0', 'messages.2.0', 'messages.4.0']);
    expect(markers(placeCacheBreakpoints(request(messages, { system: clientSystem }), { taskMessageIndex: 0 }))).toEqual(['system.0', 'system.1', 'messages.2.0', 'messages.4.0']);
    const tools: CustomTool[] = [{ name: 'bash', input_schema: { type: 'object' }, cache_control: ephemeral }];
    expect(markers(placeCacheBreakpoints(request(messages, { system: clientSystem, tools }), { taskMessageIndex: 0 }))).toEqual(['tools.0', 'system.0', 'messages.2.0', 'messages.4.0']);
  });

  it('keeps the first and the last client markers when the client alone placed more than 4', () => {
    const messages = ['a', 'b', 'c', 'd', 'e'].flatMap((t, i) => [{ role: 'user' as const, content: [text(t, true)] }, assistant(`answer ${i}`)]);
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0 }))).toEqual(['messages.0.0', 'messages.4.0', 'messages.6.0', 'messages.8.0']);
  });

  it('honours maxBreakpoints, keeping the last block and the system first', () => {
    const messages = [user('Task'), assistant('Plan'), user('Go on'), assistant('Done'), user('More')];
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0, maxBreakpoints: 2 }))).toEqual(['system.1', 'messages.4.0']);
    expect(markers(placeCacheBreakpoints(request(messages), { taskMessageIndex: 0, maxBreakpoints: 9 }))).toHaveLength(4);
  });

  it('never marks thinking or blank text, falling back to the block before', () => {
    const messages: MessageParam[] = [
      user('Task'),
      { role: 'assistant', content: [text('Answer'), { type: 'thinking', thinking: 'hmm', signature: 'sig' }] },
      { role: 'user', content: [text('Next'), text(' ')] },
    ];
    const result = placeCacheBreakpoints(request(messages), { taskMessageIndex: 0, previousBreakpoint: { message: 1, block: 1 } });
    expect(markers(result)).toEqual(['system.1', 'messages.0.0', 'messages.1.0', 'messages.2.0']);
  });

  it('turns a string system or content into one marked block, and without system marks the last tool', () => {
    const result = placeCacheBreakpoints({ model: 'm', system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] }, { taskMessageIndex: 0 });
    expect(result.system).toEqual([text('Be brief', true)]);
    expect(result.messages[0]?.content).toEqual([text('Hi', true)]);
    const tools: CustomTool[] = [
      { name: 'a', input_schema: { type: 'object' } },
      { name: 'b', input_schema: { type: 'object' } },
    ];
    expect(markers(placeCacheBreakpoints({ model: 'm', tools, messages: [user('Hi')] }, { taskMessageIndex: 0 }))).toEqual(['tools.1', 'messages.0.0']);
  });

  it('gives ours a 1h TTL when they come before a client 1h marker', () => {
    const messages = [user('Task'), assistant('Plan'), { role: 'user' as const, content: [{ ...text('Go on'), cache_control: { type: 'ephemeral', ttl: '1h' } }] }, assistant('Done'), user('More')];
    const result = placeCacheBreakpoints(request(messages), { taskMessageIndex: 0 });
    expect(result.system?.[1]).toEqual({ ...text('Rules.'), cache_control: { type: 'ephemeral', ttl: '1h' } });
    expect(result.messages[4]?.content).toEqual([text('More', true)]);
  });

  it('is pure: the input is not changed and unmarked messages are shared', () => {
    const input = request([user('Task'), assistant('Plan'), user('Go on'), assistant('x'), user('y')]);
    const copy = structuredClone(input);
    const result = placeCacheBreakpoints(input, { taskMessageIndex: 0 });
    expect(input).toEqual(copy);
    expect(result.messages[1]).toBe(input.messages[1]);
  });
});
