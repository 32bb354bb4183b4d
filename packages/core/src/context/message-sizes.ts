import type { ChatMessage } from '../types/chat.js';
import { formatCount } from '../util/format-count.js';
import { capMessage } from './cap-message.js';
import type { ConversationLayout } from './conversation-layout.js';
import { messageTokens, type resolveEstimateOptions } from './estimate-tokens.js';
import { countText } from './tokenizer.js';
import type { Plan } from './truncate-context.js';

/** Token sizes of each message as it would be sent: whole, capped, or cleared; computed once, lazily. */
export class MessageSizes {
  private readonly cappedMessages: (ChatMessage | undefined)[] = [];
  private readonly cappedTokens: (number | undefined)[] = [];
  private readonly clearedMessages: (ChatMessage | undefined)[] = [];
  private readonly clearedTokens: (number | undefined)[] = [];

  constructor(
    private readonly messages: readonly ChatMessage[],
    readonly full: Float64Array,
    private readonly maxMessageTokens: number,
    private readonly estimate: ReturnType<typeof resolveEstimateOptions>,
  ) {}

  size(i: number, plan: Plan, layout: ConversationLayout): number {
    const message = this.messages[i] as ChatMessage;
    if (!layout.pinned[i] && message.role === 'tool' && i < plan.clearBefore) return this.cleared(i, layout);
    if (i >= plan.capBefore || layout.pinned[i]) return this.full[i] as number;
    return this.capped(i);
  }

  capped(i: number): number {
    if ((this.full[i] as number) <= this.maxMessageTokens) return this.full[i] as number;
    let tokens = this.cappedTokens[i];
    if (tokens === undefined) {
      tokens = messageTokens(this.cappedMessage(i), this.estimate);
      this.cappedTokens[i] = tokens;
    }
    return tokens;
  }

  cappedMessage(i: number): ChatMessage {
    const message = this.messages[i] as ChatMessage;
    if ((this.full[i] as number) <= this.maxMessageTokens) return message;
    let capped = this.cappedMessages[i];
    if (capped === undefined) {
      capped = capMessage(message, this.maxMessageTokens, this.estimate);
      this.cappedMessages[i] = capped;
    }
    return capped;
  }

  cleared(i: number, layout: ConversationLayout): number {
    let tokens = this.clearedTokens[i];
    if (tokens === undefined) {
      tokens = Math.min(messageTokens(this.clearedMessage(i, layout), this.estimate), this.full[i] as number);
      this.clearedTokens[i] = tokens;
    }
    return tokens;
  }

  clearedMessage(i: number, layout: ConversationLayout): ChatMessage {
    let cleared = this.clearedMessages[i];
    if (cleared === undefined) {
      const message = this.messages[i] as ChatMessage;
      const removed = (this.full[i] as number) - messageTokens({ ...message, content: '' }, this.estimate);
      const placeholder = clearedPlaceholder(layout.toolNames.get(i), removed);
      // A result already smaller than its placeholder stays as it is.
      cleared = countText(placeholder, this.estimate.encoding) < removed ? { ...message, content: placeholder } : message;
      this.clearedMessages[i] = cleared;
    }
    return cleared;
  }
}

const CLEARED_PREFIX = '[llm-relay: this output of ';
const CLEARED_WORDING = ' was cleared to keep the conversation within the context window';

/** Whether a tool result's text is the placeholder the clear stage put in its place (the admin page marks it). */
export function isClearedPlaceholder(text: string): boolean {
  return text.startsWith(CLEARED_PREFIX) && text.includes(CLEARED_WORDING);
}

function clearedPlaceholder(toolName: string | undefined, tokens: number): string {
  const tool = toolName === undefined ? 'a tool' : `the "${toolName}" tool`;
  return `${CLEARED_PREFIX}${tool} (${formatCount(tokens)} tokens)${CLEARED_WORDING}; run the tool again if you need it]`;
}
