import type { ChatMessage, ChatRequest, ContentPart } from '../types/chat.js';
import { runSteps } from '../util/run-steps.js';
import { isStepEnd } from './step-pace.js';
import { countText, type EncodingName, encodingForModel } from './tokenizer.js';

export interface EstimateOptions {
  /** Tokenizer; defaults to the one `model` uses, else o200k_base. */
  encoding?: EncodingName;
  /** Picks the encoding when `encoding` is not given. */
  model?: string;
  /**
   * Multiplies message and tool counts, for model families whose tokenizer is not OpenAI's
   * (e.g. 1.1 if the provider counts about 10% more). Default 1.
   */
  factor?: number;
  /** Fixed cost of one image part. Default 765, OpenAI's count for a 1024x1024 high-detail image. */
  imageTokens?: number;
  /** Set false to count without the memo cache (the fake provider does, to check us independently). */
  cache?: boolean;
}

export const DEFAULT_IMAGE_TOKENS = 765;
// OpenAI's chat format: every message costs 3 tokens of framing, a `name` 1 more, and every reply is primed with 3.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
const TOKENS_PER_TOOL_CALL = 3;

interface Resolved {
  encoding: EncodingName;
  factor: number;
  imageTokens: number;
  cache: boolean;
}

export function resolveEstimateOptions(options: EstimateOptions = {}): Resolved {
  return {
    encoding: options.encoding ?? encodingForModel(options.model),
    factor: options.factor ?? 1,
    imageTokens: options.imageTokens ?? DEFAULT_IMAGE_TOKENS,
    cache: options.cache ?? true,
  };
}

/**
 * Counts the prompt tokens of a string, a message, a message list or a whole chat request
 * (messages + tools), with OpenAI's chat framing. Exact for OpenAI models; an estimate for others.
 *
 * @example estimateTokens([{ role: 'user', content: 'Hello' }]) // 8
 */
export function estimateTokens(input: string | ChatMessage | readonly ChatMessage[] | ChatRequest, options?: EstimateOptions): number {
  const resolved = resolveEstimateOptions(options);
  if (typeof input === 'string') return scale(countText(input, resolved.encoding, resolved.cache), resolved.factor);
  if (Array.isArray(input) || isChatRequest(input)) return runSteps(estimateTokensSteps(input, options));
  return messageTokens(input as ChatMessage, resolved);
}

/** `estimateTokens` of a message list or request as steps that yield every so many messages (see `step-pace`). */
export function* estimateTokensSteps(input: readonly ChatMessage[] | ChatRequest, options?: EstimateOptions): Generator<void, number, void> {
  const resolved = resolveEstimateOptions(options);
  const messages = Array.isArray(input) ? (input as readonly ChatMessage[]) : (input as ChatRequest).messages;
  let tokens = REPLY_PRIMING;
  for (let i = 0; i < messages.length; i += 1) {
    if (isStepEnd(i)) yield;
    tokens += messageTokens(messages[i] as ChatMessage, resolved);
  }
  return Array.isArray(input) ? tokens : tokens + toolsTokens((input as ChatRequest).tools, resolved);
}

function isChatRequest(input: object): input is ChatRequest {
  return Array.isArray((input as { messages?: unknown }).messages);
}

/** The tokens one message adds to a prompt (framing included), already scaled by the factor. */
export function messageTokens(message: ChatMessage, options: Resolved): number {
  let tokens = TOKENS_PER_MESSAGE + countText(message.role, options.encoding, options.cache);
  tokens += contentTokens(message.content, options);
  if (typeof message.name === 'string') tokens += TOKENS_PER_NAME + countText(message.name, options.encoding, options.cache);
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      tokens += TOKENS_PER_TOOL_CALL;
      tokens += countText(call.function?.name ?? '', options.encoding, options.cache);
      tokens += countText(call.function?.arguments ?? '', options.encoding, options.cache);
    }
  }
  return scale(tokens, options.factor);
}

/** Tool definitions are rendered by the provider in its own format; their JSON is a close estimate. */
export function toolsTokens(tools: readonly unknown[] | undefined, options: Resolved): number {
  if (!Array.isArray(tools) || tools.length === 0) return 0;
  return scale(countText(JSON.stringify(tools), options.encoding, options.cache), options.factor);
}

function contentTokens(content: ChatMessage['content'], options: Resolved): number {
  if (typeof content === 'string') return countText(content, options.encoding, options.cache);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content) tokens += partTokens(part, options);
  return tokens;
}

function partTokens(part: ContentPart, options: Resolved): number {
  if (part.type === 'text' && typeof part.text === 'string') return countText(part.text, options.encoding, options.cache);
  if (part.type === 'image_url' || part.type === 'image') return options.imageTokens;
  // Unknown parts (audio, files): count their JSON so they are not free.
  return countText(JSON.stringify(part), options.encoding, options.cache);
}

function scale(tokens: number, factor: number): number {
  return factor === 1 ? tokens : Math.ceil(tokens * factor);
}
