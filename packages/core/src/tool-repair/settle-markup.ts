import type { ToolCall } from '../types/chat.js';
import type { ScannedEnd } from './markup-scanner.js';
import type { OfferedTools } from './offered-tools.js';
import { recoverRegion } from './recover-region.js';
import type { RepairListener } from './repair-report.js';
import type { ToolCallFamily } from './tool-call-family.js';

/** What the end of an answer's text amounts to: text still to send, and the calls recovered from it. */
export interface SettledMarkup {
  text: string;
  calls: ToolCall[];
}

/**
 * Decides a held markup region once the answer is over: calls when every one of them names an offered
 * tool and fits its schema, else the region as text, reported. An answer cut at the output limit keeps its
 * markup as text: a call cut short (a file half written) must not run as if it were whole.
 */
export function settleMarkup(end: ScannedEnd, finishReason: unknown, families: readonly ToolCallFamily[], tools: OfferedTools, listener: RepairListener): SettledMarkup {
  if (end.overflowedStart !== undefined) {
    listener.unrepaired({ family: familyOf(end.overflowedStart, families), tool: '', reason: 'the markup outgrew maxHeldChars and was passed on as text' });
  }
  if (end.region === undefined) return { text: end.text, calls: [] };
  const text = end.text + end.region;
  if (finishReason === 'length') {
    listener.unrepaired({ family: familyOf(end.region, families), tool: '', reason: 'the answer was cut at its output limit inside a tool call' });
    return { text, calls: [] };
  }
  const recovered = recoverRegion(end.region, families, tools);
  if (!recovered.ok) {
    // Prose that merely contains an opener is no failed call: only markup that named a tool is reported.
    if (recovered.tool !== undefined) listener.unrepaired({ family: recovered.family ?? familyOf(end.region, families), tool: recovered.tool, reason: recovered.reason });
    return { text, calls: [] };
  }
  for (const repair of recovered.repairs) listener.repaired(repair);
  return { text: end.text + recovered.text, calls: recovered.calls };
}

function familyOf(region: string, families: readonly ToolCallFamily[]) {
  return families.find((family) => family.openers.some((opener) => region.startsWith(opener)))?.name ?? 'hermes';
}
