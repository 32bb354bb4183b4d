// The context engine alone, without the relay: fit a saved conversation into a model's window.
// `node --import tsx examples/truncation/truncate-history.ts conversation.json`
import { readFileSync } from 'node:fs';
import { type ChatMessage, capMessage, encodingForModel, estimateTokens, loadEncoding, modelLimits, truncateContext } from '@llm-relay/core';

export async function fitHistory(messages: ChatMessage[], model: string, maxOutputTokens = 8_192) {
  // GPT-4-era models count with cl100k_base, which is loaded on demand.
  await loadEncoding(encodingForModel(model));
  const { contextWindow } = modelLimits(model);
  const { messages: fitted, report } = truncateContext(messages, { model, contextWindow, reserveOutputTokens: maxOutputTokens });
  return { fitted, report, tokens: estimateTokens(fitted, { model }) };
}

/** One oversized tool output, cut to 2,000 tokens with its head and tail kept. */
export function shortenToolOutput(output: string, toolCallId: string): ChatMessage {
  return capMessage({ role: 'tool', tool_call_id: toolCallId, content: output }, 2_000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  if (path === undefined) {
    console.error('usage: truncate-history.ts conversation.json [model]');
    process.exit(1);
  }
  const { messages } = JSON.parse(readFileSync(path, 'utf8')) as { messages: ChatMessage[] };
  const { report } = await fitHistory(messages, process.argv[3] ?? 'MiniMaxAI/MiniMax-M2.5');
  console.log(JSON.stringify(report, null, 2));
}
