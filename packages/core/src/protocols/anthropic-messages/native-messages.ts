import type { RelayError } from '../../errors/relay-error.js';
import type { ChatMessage, Usage } from '../../types/chat.js';
import type { AnswerStreamOptions, NativeRequest } from '../front-door.js';
import { observedNativeStream } from '../observed-native-stream.js';
import { anthropicErrorType } from './anthropic-error.js';
import type { MessagesRequest } from './anthropic-types.js';
import { chatUsageOf } from './anthropic-usage.js';
import { applyContextEdits } from './apply-context-edits.js';
import { dropUnsignedThinking } from './drop-unsigned-thinking.js';
import type { Origin } from './message-origin.js';
import { sseEvent } from './sse-event.js';

/** Claude Code to an Anthropic upstream: the request as received but for the engine's edits; the answer as sent. */
export function nativeMessages(request: MessagesRequest, converted: readonly ChatMessage[], origins: readonly Origin[]): NativeRequest {
  return {
    body: (kept, model, maxOutputTokens, reasoning) => {
      let edited = kept === undefined ? request : applyContextEdits(request, converted, origins, kept.messages, kept.sources);
      // Thinking the relay wrote (no Anthropic signature) is refused by Claude models; a model that wants its reasoning back keeps it.
      edited = dropUnsignedThinking(edited, { keepThinking: reasoning === 'send-back' });
      if (model !== undefined && model !== request.model) edited = { ...edited, model };
      // A max_tokens above what the model can write is refused upstream; the context budget assumed the limit.
      if (maxOutputTokens !== undefined && typeof edited.max_tokens === 'number' && edited.max_tokens > maxOutputTokens) edited = { ...edited, max_tokens: maxOutputTokens };
      return edited;
    },
    usage: (answer) => chatUsageOf((answer as { usage?: unknown } | null)?.usage),
    relay: relayMessagesStream,
  };
}

/** Module-level: a stream lives for minutes and must not keep the request alive through a closure. */
function relayMessagesStream(body: ReadableStream<Uint8Array>, options: AnswerStreamOptions): ReadableStream<Uint8Array> {
  // message_start carries the input counts, message_delta the output (and, on some models, the input again).
  let usage: Record<string, unknown> = {};
  const observe = ({ data }: { data: string }) => {
    let event: { type?: string; message?: { usage?: object }; usage?: object };
    try {
      event = JSON.parse(data) as typeof event;
    } catch {
      return { ended: false };
    }
    const found = event.type === 'message_start' ? event.message?.usage : event.type === 'message_delta' ? event.usage : undefined;
    if (found !== undefined) usage = { ...usage, ...found };
    const result: { usage?: Usage; ended: boolean } = { ended: event.type === 'message_stop' };
    if (found !== undefined) result.usage = chatUsageOf(usage);
    return result;
  };
  return observedNativeStream(body, options, observe, messagesErrorEvent);
}

function messagesErrorEvent(error: RelayError): string {
  return sseEvent('error', { type: 'error', error: { type: anthropicErrorType(error.status), message: error.message } });
}
