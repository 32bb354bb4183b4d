import type { ToolCall } from '../types/chat.js';
import { randomId } from '../util/random-id.js';
import { repairArguments } from './arguments/repair-arguments.js';
import { splitGluedCall } from './arguments/split-glued-objects.js';
import type { OfferedTools } from './offered-tools.js';
import type { RepairListener } from './repair-report.js';

/**
 * A structured call the provider sent, made to fit its tool: arguments mended and coerced by the tool's
 * schema, or glued objects (`{..}{..}`) split into calls when each one is a whole call of its own. A call
 * to a tool that was not offered is not ours to judge; one that cannot be made to fit comes back as it
 * came, reported. Returns the same call object when nothing changed.
 */
export function repairToolCall(call: ToolCall, tools: OfferedTools, listener: RepairListener): ToolCall[] {
  const name = call.function?.name;
  if (typeof name !== 'string' || !tools.has(name)) return [call];
  const schema = tools.get(name);
  const text = typeof call.function.arguments === 'string' ? call.function.arguments : '';
  const outcome = repairArguments({ kind: 'json', text }, schema);
  if (outcome.ok) {
    if (outcome.repairs.length === 0 && outcome.text === call.function.arguments) return [call];
    for (const kind of outcome.repairs) listener.repaired({ kind, family: 'structured', tool: name });
    return [withArguments(call, outcome.text, call.id)];
  }
  const pieces = splitGluedCall(text, schema);
  if (pieces !== undefined) {
    listener.repaired({ kind: 'split_glued', family: 'structured', tool: name });
    return pieces.map((piece, index) => withArguments(call, piece, index === 0 ? call.id : randomId('call_')));
  }
  listener.unrepaired({ family: 'structured', tool: name, reason: outcome.reason });
  return [call];
}

function withArguments(call: ToolCall, args: string, id: string): ToolCall {
  return { ...call, id, function: { ...call.function, arguments: args } };
}
