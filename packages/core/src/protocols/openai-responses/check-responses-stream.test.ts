import { describe, expect, it } from 'vitest';
import { checkResponsesStream } from '../../../test/support/check-responses-stream.js';

const sse = (events: Record<string, unknown>[]) => events.map((event, index) => `event: ${event.type}\ndata: ${JSON.stringify({ sequence_number: index, ...event })}\n\n`).join('');
const created = { type: 'response.created', response: { output: [] } };
const added = { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'm' } };
const partAdded = { type: 'response.content_part.added', output_index: 0, item_id: 'm' };
const textDelta = { type: 'response.output_text.delta', output_index: 0, item_id: 'm', delta: 'hi' };
const doneItem = { type: 'message', id: 'm', content: [{ type: 'output_text', text: 'hi' }] };
const done = { type: 'response.output_item.done', output_index: 0, item: doneItem };
const completed = { type: 'response.completed', response: { output: [doneItem] } };

// The checker guards the writer's tests: it must reject what Codex or the SDK would choke on.
describe('checkResponsesStream', () => {
  it('accepts a well-formed stream', () => {
    expect(checkResponsesStream(sse([created, added, partAdded, textDelta, done, completed])).terminal).toBe('response.completed');
  });

  it.each([
    ['no response.created first', [added, partAdded, textDelta, done, completed], /response.created/],
    ['a delta before its part', [created, added, textDelta, done, completed], /content part/],
    ['an item never done', [created, added, partAdded, textDelta, { ...completed, response: { output: [] } }], /left open/],
    ['no terminal event', [created, added, partAdded, textDelta, done], /no terminal/],
    ['two terminal events', [created, added, partAdded, textDelta, done, completed, completed], /after the terminal/],
    ['a delta to no open item', [created, textDelta, completed], /no open item/],
    ['an output that differs', [created, added, partAdded, textDelta, done, { ...completed, response: { output: [] } }], /differs/],
  ])('rejects %s', (_, events, message) => {
    expect(() => checkResponsesStream(sse(events))).toThrow(message);
  });

  it('rejects sequence numbers that do not increase', () => {
    const text = sse([created, added]).replace('"sequence_number":1', '"sequence_number":0');
    expect(() => checkResponsesStream(text)).toThrow(/sequence_number/);
  });
});
