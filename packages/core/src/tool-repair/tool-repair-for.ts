import type { ChunkStage } from '../sse/chunk-stage.js';
import type { ChatRequest } from '../types/chat.js';
import { ChatStreamRepair } from './chat-stream-repair.js';
import { TOOL_CALL_FAMILIES } from './families/index.js';
import { offeredTools } from './offered-tools.js';
import { repairCompletion } from './repair-completion.js';
import type { RepairListener } from './repair-report.js';
import type { ToolCallFamily } from './tool-call-family.js';
import { DEFAULT_MAX_HELD_CHARS, type ToolRepairConfig } from './tool-repair-config.js';

/** Repair for one answer: a stage for a stream, a function for a whole completion. */
export interface ToolRepair {
  stage(): ChunkStage;
  completion(completion: unknown): unknown;
}

// The family lists a config can ask for, built once per list rather than per request.
const chosenFamilies = new WeakMap<readonly string[], readonly ToolCallFamily[]>();

/**
 * The repair for a request's answer, or `undefined` when there is nothing to repair: no tools offered (a
 * model cannot call what it was not given), or repair turned off for the relay, the route or the upstream.
 */
export function toolRepairFor(request: ChatRequest, config: ToolRepairConfig | false | undefined, enabled: boolean, listener: RepairListener): ToolRepair | undefined {
  if (config === false || !enabled || !Array.isArray(request.tools) || request.tools.length === 0) return undefined;
  const tools = offeredTools(request.tools);
  if (tools.size === 0) return undefined;
  const families = familiesOf(config);
  const maxHeld = config?.maxHeldChars ?? DEFAULT_MAX_HELD_CHARS;
  return {
    stage: () => new ChatStreamRepair(families, tools, maxHeld, listener),
    completion: (completion) => repairCompletion(completion, families, tools, listener, maxHeld),
  };
}

function familiesOf(config: ToolRepairConfig | undefined): readonly ToolCallFamily[] {
  const names = config?.families;
  if (names === undefined) return TOOL_CALL_FAMILIES;
  let families = chosenFamilies.get(names);
  if (families === undefined) {
    const wanted = new Set<string>(names);
    families = TOOL_CALL_FAMILIES.filter((family) => wanted.has(family.name));
    chosenFamilies.set(names, families);
  }
  return families;
}
