import type { ChatMessage, ContentPart } from '../../types/chat.js';
import type { ContentBlock, MessageParam, MessagesRequest } from './anthropic-types.js';
import type { Origin } from './message-origin.js';
import { parseToolInput } from './parse-tool-input.js';

type Block = ContentBlock & { cache_control?: unknown };

/**
 * The client's Anthropic request with the context engine's edits applied, for an upstream that speaks
 * Anthropic too. Messages the engine did not touch are forwarded as received (unknown fields, `thinking`
 * blocks with their signatures, `cache_control`); dropped ones are left out; a capped or cleared one is
 * rebuilt from the edited Chat form, its other blocks kept.
 *
 * @param converted the Chat messages the request became, and `origins`, where each came from
 * @param kept what the context engine kept of them, in order, and `sources`, their indices in `converted`
 */
export function applyContextEdits(request: MessagesRequest, converted: readonly ChatMessage[], origins: readonly Origin[], kept: readonly ChatMessage[], sources: readonly number[]): MessagesRequest {
  if (kept === converted) return request;
  const keptByOrigin = new Map<string, ChatMessage>();
  kept.forEach((message, i) => {
    const origin = origins[sources[i] as number];
    if (origin !== undefined) keptByOrigin.set(key(origin), message);
  });
  const partsOf = new Map<number, ChatMessage[]>();
  converted.forEach((message, i) => {
    const origin = origins[i] as Origin;
    const parts = partsOf.get(origin.message);
    if (parts === undefined) partsOf.set(origin.message, [message]);
    else parts.push(message);
  });
  const edited: MessagesRequest = { ...request };
  const system = partsOf.get(-1)?.[0];
  const keptSystem = system === undefined ? undefined : keptByOrigin.get(key({ message: -1, part: 0 }));
  if (system !== undefined && keptSystem !== undefined && keptSystem !== system) edited.system = [{ type: 'text', text: textOf(keptSystem.content) }];

  const messages: MessageParam[] = [];
  request.messages.forEach((message, index) => {
    const parts = partsOf.get(index) ?? [];
    const keptParts = parts.map((_, part) => keptByOrigin.get(key({ message: index, part })));
    if (keptParts.every((part) => part === undefined)) return;
    if (keptParts.every((part, i) => part === parts[i])) {
      messages.push(message);
      return;
    }
    const rebuilt = rebuild(message, parts, keptParts);
    if (rebuilt !== undefined) messages.push(rebuilt);
  });
  edited.messages = messages;
  return edited;
}

function rebuild(message: MessageParam, parts: ChatMessage[], keptParts: (ChatMessage | undefined)[]): MessageParam | undefined {
  if (message.role === 'system') return { ...message, content: textOf(keptParts[0]?.content) };
  const blocks: Block[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...(message.content as Block[])];
  let out: Block[];
  if (message.role === 'assistant') {
    const keptPart = keptParts[0];
    if (keptPart === undefined) return undefined;
    out = replaceText(blocks, keptPart, parts[0] as ChatMessage);
    let call = 0;
    out = out.map((block) => {
      if (block.type !== 'tool_use') return block;
      const before = parts[0]?.tool_calls?.[call]?.function.arguments;
      const after = keptPart.tool_calls?.[call]?.function.arguments;
      call += 1;
      return after === undefined || after === before ? block : ({ ...block, input: parseToolInput(after) } as Block);
    });
  } else {
    // A user turn became its tool results (in order) and then, last, one user message with the rest.
    const toolParts = parts.filter((part) => part.role === 'tool').length;
    let result = 0;
    const others = blocks.filter((block) => block.type !== 'tool_result');
    const userPart = parts.length > toolParts ? keptParts[parts.length - 1] : undefined;
    out = [];
    for (const block of blocks) {
      if (block.type !== 'tool_result') continue;
      const keptTool = keptParts[result];
      const original = parts[result];
      result += 1;
      if (keptTool === undefined) continue;
      out.push(keptTool === original ? block : ({ ...block, content: textOf(keptTool.content) } as Block));
    }
    // One by one: spread arguments overflow the stack past about 120,000 blocks.
    if (others.length > 0 && userPart !== undefined) for (const block of replaceText(others, userPart, parts[parts.length - 1] as ChatMessage)) out.push(block);
  }
  return out.length === 0 ? undefined : { ...message, content: out };
}

/** Text blocks swapped for the edited text (one block where the first was); other blocks kept in place. */
function replaceText(blocks: Block[], keptPart: ChatMessage, original: ChatMessage): Block[] {
  if (keptPart.content === original.content) return blocks;
  const texts = blocks.filter((block) => block.type === 'text');
  const marker = texts.at(-1)?.cache_control;
  const text: Block = { type: 'text', text: textOf(keptPart.content), ...(marker !== undefined ? { cache_control: marker } : {}) } as Block;
  const out: Block[] = [];
  let placed = false;
  for (const block of blocks) {
    if (block.type !== 'text') out.push(block);
    else if (!placed) {
      placed = true;
      if ((text as { text: string }).text !== '') out.push(text);
    }
  }
  return out;
}

function textOf(content: ChatMessage['content'] | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.flatMap((part: ContentPart) => (part.type === 'text' && typeof part.text === 'string' ? [part.text] : [])).join('\n\n');
}

function key(origin: Origin): string {
  return `${origin.message}:${origin.part}`;
}
