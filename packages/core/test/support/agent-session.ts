import type { ChatMessage } from '../../src/types/chat.js';
import { prng } from './prng.js';

const WORDS = [
  'const',
  'let',
  'return',
  'function',
  'import',
  'export',
  'await',
  'async',
  'if',
  'else',
  'for',
  'while',
  'throw',
  'error',
  'value',
  'result',
  'request',
  'response',
  'handler',
  'message',
  'token',
  'stream',
  'buffer',
  'config',
  'test',
  'expect',
  'describe',
  'PASS',
  'FAIL',
  'src/index.ts',
  'packages/core',
  'node_modules',
  '=>',
  '{',
  '}',
  '(',
  ')',
  ';',
  '===',
  'undefined',
  'null',
  'true',
  'false',
  'warning:',
  'at',
  'line',
  'column',
  'npm',
  'pnpm',
  'vitest',
  'ms',
];
const TOOLS = ['bash', 'read', 'grep', 'glob', 'edit', 'write'];

export interface SessionOptions {
  seed?: number;
  /** Agent steps (each: one assistant tool-call message and its answers, sometimes a user message). */
  steps: number;
  /** Tool output size range in tokens (roughly 4 characters a token). */
  minToolTokens?: number;
  maxToolTokens?: number;
  systemPrompt?: string;
}

/** Code-and-log-like text of about `tokens` tokens. */
export function codeText(random: () => number, tokens: number): string {
  const lines: string[] = [];
  let chars = 0;
  const target = tokens * 4;
  let line = 1;
  while (chars < target) {
    const words: string[] = [];
    const count = 4 + Math.floor(random() * 10);
    for (let i = 0; i < count; i += 1) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    const text = `${line}: ${words.join(' ')} ${Math.floor(random() * 100000)}`;
    lines.push(text);
    chars += text.length + 1;
    line += 1;
  }
  return lines.join('\n');
}

/**
 * A coding-agent conversation as a client like OpenCode builds it: system prompt, task, then steps of
 * parallel tool calls with outputs of log-uniform size, and now and then a user follow-up.
 * Returns the full history and the indices after which the client sends a request.
 */
export function agentSession(options: SessionOptions): { messages: ChatMessage[]; sendPoints: number[] } {
  const random = prng(options.seed ?? 1);
  const minTokens = options.minToolTokens ?? 300;
  const maxTokens = options.maxToolTokens ?? 30_000;
  const messages: ChatMessage[] = [
    { role: 'system', content: options.systemPrompt ?? `You are a coding agent.\n${codeText(random, 1_500)}` },
    { role: 'user', content: `TASK: make the test suite pass.\n${codeText(random, 200)}` },
  ];
  const sendPoints = [messages.length];
  for (let step = 0; step < options.steps; step += 1) {
    const parallel = random() < 0.25 ? 2 + Math.floor(random() * 2) : 1;
    const calls = Array.from({ length: parallel }, (_, i) => {
      const name = TOOLS[Math.floor(random() * TOOLS.length)] as string;
      return { id: `call_${step}_${i}`, type: 'function' as const, function: { name, arguments: JSON.stringify({ command: `${name} ${codeText(random, 10)}` }) } };
    });
    messages.push({ role: 'assistant', content: random() < 0.5 ? '' : `Step ${step}: ${codeText(random, 40)}`, tool_calls: calls });
    for (const call of calls) {
      const tokens = Math.round(minTokens * (maxTokens / minTokens) ** random());
      messages.push({ role: 'tool', tool_call_id: call.id, content: codeText(random, tokens) });
    }
    sendPoints.push(messages.length);
    if (random() < 0.08) {
      messages.push({ role: 'assistant', content: `Done with part ${step}. ${codeText(random, 80)}` });
      messages.push({ role: 'user', content: `Next: ${codeText(random, 60)}` });
      sendPoints.push(messages.length);
    }
  }
  return { messages, sendPoints };
}
