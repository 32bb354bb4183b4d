import { FAMILY_ENCODERS } from '../tool-repair/families/encode-tool-calls.js';
import type { FamilyName } from '../tool-repair/tool-call-family.js';
import type { FakeReply } from './fake-reply.js';

/** How the fake model writes its tool calls: a family's text markup, or structured calls with broken JSON. */
export type DemoToolFormat = FamilyName | 'broken-json';

export const DEMO_TOOL_FORMATS: readonly DemoToolFormat[] = [...FAMILY_ENCODERS.map((encoder) => encoder.family.name), 'broken-json'];

/**
 * Rewrites a reply's tool calls the way open models send them when the provider's parser misses them: as
 * text in the family's markup after a line of prose (its template's first variant), or as structured calls
 * whose arguments are JSON with single quotes and a trailing comma. What `--demo-tool-format` shows.
 */
export function writeToolCallsAs(reply: FakeReply, format: DemoToolFormat): FakeReply {
  if (reply.toolCalls === undefined) return reply;
  if (format === 'broken-json') {
    return { ...reply, toolCalls: reply.toolCalls.map((call) => ({ ...call, function: { ...call.function, arguments: brokenJson(call.function.arguments) } })) };
  }
  const encoder = FAMILY_ENCODERS.find((candidate) => candidate.family.name === format);
  if (encoder === undefined) return reply;
  const calls = reply.toolCalls.map((call) => ({ name: call.function.name, args: JSON.parse(call.function.arguments) as Record<string, unknown> }));
  const { toolCalls: _written, ...rest } = reply;
  return { ...rest, content: `I will run that now.\n${encoder.encode(calls, encoder.variants[0] as string)}` };
}

/** `{"command":"ls"}` as a careless model writes it: `{'command': 'ls',}`. */
function brokenJson(json: string): string {
  const value = JSON.parse(json) as Record<string, unknown>;
  const fields = Object.entries(value).map(([key, item]) => `'${key}': ${typeof item === 'string' ? `'${item.replace(/'/g, "\\'")}'` : JSON.stringify(item)}`);
  return `{${fields.join(', ')},}`;
}
