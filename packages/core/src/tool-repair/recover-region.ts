import type { ToolCall } from '../types/chat.js';
import { randomId } from '../util/random-id.js';
import { repairArguments } from './arguments/repair-arguments.js';
import type { OfferedTools } from './offered-tools.js';
import type { RepairedCall } from './repair-report.js';
import type { FamilyName, ToolCallFamily, WrittenCall } from './tool-call-family.js';

export type RecoveredRegion = { ok: true; family: FamilyName; calls: ToolCall[]; repairs: RepairedCall[]; text: string } | { ok: false; family?: FamilyName; tool?: string; reason: string };

// A region may hold a few blocks back to back (a family's calls, then another opener): bounded all the same.
const MAX_BLOCKS = 64;

/**
 * Turns a markup region (text from an opener to the end of the answer) into tool calls: the first family
 * whose markup it is, every call naming an offered tool and fitting its schema, or nothing at all. A
 * region that is only partly convertible stays text whole: a call the relay cannot make right is passed
 * on as the model wrote it, never half-converted or given invented arguments.
 */
export function recoverRegion(region: string, families: readonly ToolCallFamily[], tools: OfferedTools): RecoveredRegion {
  const calls: ToolCall[] = [];
  const repairs: RepairedCall[] = [];
  let rest = region;
  let family: FamilyName | undefined;
  for (let block = 0; block < MAX_BLOCKS; block += 1) {
    const read = readBlock(rest, families, tools);
    if (!read.ok) return block === 0 ? read : { ok: false, family, reason: read.reason };
    family ??= read.family;
    for (const call of read.calls) calls.push(call);
    for (const repair of read.repairs) repairs.push(repair);
    rest = rest.slice(read.end);
    const next = rest.trimStart();
    if (!families.some((candidate) => candidate.openers.some((opener) => next.startsWith(opener)))) break;
    rest = next;
  }
  if (family === undefined) return { ok: false, reason: 'no markup' };
  return { ok: true, family, calls, repairs, text: rest.trim() === '' ? '' : rest };
}

type Block = { ok: true; family: FamilyName; calls: ToolCall[]; repairs: RepairedCall[]; end: number } | { ok: false; family?: FamilyName; tool?: string; reason: string };

function readBlock(text: string, families: readonly ToolCallFamily[], tools: OfferedTools): Block {
  let failure: Block | undefined;
  for (const family of families) {
    if (!family.openers.some((opener) => text.startsWith(opener))) continue;
    const match = family.parse(text);
    if (match === undefined || match.calls.length === 0) continue;
    const block = convert(family.name, match.calls, tools);
    if (block.ok) return { ...block, end: match.end };
    failure ??= block;
  }
  return failure ?? { ok: false, reason: 'not a known markup' };
}

function convert(family: FamilyName, written: readonly WrittenCall[], tools: OfferedTools) {
  const calls: ToolCall[] = [];
  const repairs: RepairedCall[] = [];
  for (const call of written) {
    // Only a tool the client offered: anything else is prose that happens to look like markup.
    if (!tools.has(call.name)) return { ok: false as const, family, tool: call.name, reason: `"${call.name}" is not an offered tool` };
    const outcome = repairArguments(call.arguments, tools.get(call.name));
    if (!outcome.ok) return { ok: false as const, family, tool: call.name, reason: outcome.reason };
    repairs.push({ kind: 'text_markup', family, tool: call.name });
    for (const kind of outcome.repairs) repairs.push({ kind, family, tool: call.name });
    calls.push({ id: call.id !== undefined && call.id !== '' ? call.id : randomId('call_'), type: 'function', function: { name: call.name, arguments: outcome.text } });
  }
  return { ok: true as const, family, calls, repairs };
}
