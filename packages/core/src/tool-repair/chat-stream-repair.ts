import type { ChunkStage } from '../sse/chunk-stage.js';
import type { ToolCall } from '../types/chat.js';
import { markupOpeners } from './markup-openers.js';
import { MarkupScanner } from './markup-scanner.js';
import type { OfferedTools } from './offered-tools.js';
import type { RepairListener } from './repair-report.js';
import { repairToolCall } from './repair-tool-call.js';
import { settleMarkup } from './settle-markup.js';
import type { ToolCallFamily } from './tool-call-family.js';

type Chunk = Record<string, unknown>;
type Choice = { index?: unknown; delta?: Record<string, unknown> | null; finish_reason?: unknown };
interface HeldCall {
  id: string;
  name: string;
  args: string[];
  chars: number;
}

/**
 * Tool-call repair on a streamed Chat answer, chunk by chunk. Text flows on at once but for what may still
 * open markup; a markup region is decided when the answer finishes. Structured calls are held until whole
 * (the next call starts, or the finish), then mended and sent as one delta each: an agent cannot use a
 * call before its arguments are complete, and a broken one can only be repaired whole. Chunks it has no
 * business with come back as `undefined`, so the relay passes their bytes on untouched.
 */
export class ChatStreamRepair implements ChunkStage {
  private readonly scanner: MarkupScanner;
  private readonly held = new Map<number, HeldCall>();
  // Structured calls too big to hold go on as they come, fragments and all.
  private readonly passing = new Set<number>();
  private nextIndex = 0;
  private readonly indexOf = new Map<number, number>();
  private base: Chunk = {};
  private settled = false;

  constructor(
    private readonly families: readonly ToolCallFamily[],
    private readonly tools: OfferedTools,
    private readonly maxHeldChars: number,
    private readonly listener: RepairListener,
  ) {
    this.scanner = new MarkupScanner(markupOpeners(families), maxHeldChars);
  }

  push(chunk: Chunk): Chunk[] | undefined {
    const choices = chunk.choices;
    // One answer per request is what agents ask for; several choices pass on as they came.
    if (!Array.isArray(choices) || choices.length !== 1 || this.settled) return undefined;
    const choice = choices[0] as Choice;
    if (choice === null || typeof choice !== 'object' || (choice.index !== undefined && choice.index !== 0)) return undefined;
    const delta = choice.delta ?? {};
    const content = delta.content;
    const calls = delta.tool_calls;
    const finishing = choice.finish_reason !== null && choice.finish_reason !== undefined;
    const released = typeof content === 'string' && content !== '' ? this.scanner.push(content) : content;
    if (released === content && !Array.isArray(calls) && !finishing) return undefined;

    this.base = baseOf(chunk);
    const out: Chunk[] = [];
    const rest: Record<string, unknown> = { ...delta };
    delete rest.tool_calls;
    // A chunk whose text is all held keeps its place with empty text: the chunks around it stay as they were.
    if (typeof content === 'string') rest.content = released;
    const passed = Array.isArray(calls) ? this.holdCalls(calls, out) : [];
    if (passed.length > 0) rest.tool_calls = passed;
    if (!finishing) {
      if (Object.keys(rest).length > 0 || chunk.usage != null || out.length === 0) out.unshift({ ...chunk, choices: [{ ...choice, delta: rest }] });
      return out;
    }
    // The finish: what is held is decided now, before the finish goes out.
    const finishReason = choice.finish_reason;
    if (Object.keys(rest).length > 0) out.unshift(this.chunkWith(rest));
    const recovered = this.settle(finishReason, out);
    const reason = recovered > 0 && finishReason === 'stop' ? 'tool_calls' : finishReason;
    out.push({ ...chunk, choices: [{ ...choice, delta: {}, finish_reason: reason }] });
    return out;
  }

  /** The upstream ended without a finish: whatever is held goes out as it came. */
  flush(): Chunk[] {
    if (this.settled) return [];
    const out: Chunk[] = [];
    this.settled = true;
    const end = this.scanner.finish();
    const text = end.text + (end.region ?? '');
    if (text !== '') out.push(this.chunkWith({ content: text }));
    for (const [index, call] of this.held) out.push(this.callChunk(this.outIndex(index), { id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } }));
    this.held.clear();
    return out;
  }

  private settle(finishReason: unknown, out: Chunk[]): number {
    this.settled = true;
    this.releaseHeld(Number.POSITIVE_INFINITY, out, finishReason);
    const settled = settleMarkup(this.scanner.finish(), finishReason, this.families, this.tools, this.listener);
    if (settled.text !== '') out.push(this.chunkWith({ content: settled.text }));
    for (const call of settled.calls) out.push(this.callChunk(this.nextIndex++, call));
    return settled.calls.length;
  }

  /** Takes a delta's structured call fragments: held until whole, or passed on (returned) when too big to hold. */
  private holdCalls(fragments: unknown[], out: Chunk[]): unknown[] {
    const passed: unknown[] = [];
    for (const fragment of fragments) {
      const piece = fragment as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
      const index = typeof piece?.index === 'number' ? piece.index : 0;
      if (this.passing.has(index)) {
        passed.push({ ...piece, index: this.outIndex(index) });
        continue;
      }
      // A new call means the ones before it are whole.
      if (!this.held.has(index)) this.releaseHeld(index, out, null);
      const call = this.held.get(index) ?? { id: '', name: '', args: [], chars: 0 };
      this.held.set(index, call);
      if (typeof piece?.id === 'string' && piece.id !== '') call.id = piece.id;
      if (typeof piece?.function?.name === 'string') call.name += piece.function.name;
      if (typeof piece?.function?.arguments === 'string') {
        call.args.push(piece.function.arguments);
        call.chars += piece.function.arguments.length;
      }
      if (call.chars > this.maxHeldChars) {
        this.held.delete(index);
        this.passing.add(index);
        this.listener.unrepaired({ family: 'structured', tool: call.name, reason: `arguments over ${this.maxHeldChars} characters were passed on unchecked` });
        passed.push({ index: this.outIndex(index), id: call.id, type: 'function', function: { name: call.name, arguments: call.args.join('') } });
      }
    }
    return passed;
  }

  /** Sends every held call below `below`, mended; at the output limit a call is whole only as far as it got. */
  private releaseHeld(below: number, out: Chunk[], finishReason: unknown): void {
    for (const [index, held] of [...this.held].sort((a, b) => a[0] - b[0])) {
      if (index >= below) continue;
      this.held.delete(index);
      const call: ToolCall = { id: held.id, type: 'function', function: { name: held.name, arguments: held.args.join('') } };
      const calls = finishReason === 'length' ? [call] : repairToolCall(call, this.tools, this.listener);
      calls.forEach((repaired, i) => out.push(this.callChunk(i === 0 ? this.outIndex(index) : this.nextIndex++, repaired)));
    }
  }

  /** Output indices follow the order calls go out in; a split call takes the next free ones. */
  private outIndex(index: number): number {
    let mapped = this.indexOf.get(index);
    if (mapped === undefined) {
      mapped = this.nextIndex++;
      this.indexOf.set(index, mapped);
    }
    return mapped;
  }

  private callChunk(index: number, call: ToolCall): Chunk {
    return this.chunkWith({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }] });
  }

  private chunkWith(delta: Record<string, unknown>): Chunk {
    return { ...this.base, choices: [{ index: 0, delta, finish_reason: null }] };
  }
}

/** The fields every chunk of the answer repeats (id, model, ...), for the chunks the repair writes. */
function baseOf(chunk: Chunk): Chunk {
  const base: Chunk = {};
  for (const key of ['id', 'object', 'created', 'model', 'system_fingerprint']) if (chunk[key] !== undefined) base[key] = chunk[key];
  return base;
}
