import { createAnthropicFakeProvider, createFakeProvider, DEMO_TOOL_FORMATS, type DemoToolFormat } from '@llm-relay/core/testing';
import { Command, Option } from 'commander';
import { positiveInt } from '../parse-options.js';
import { serveHandler } from '../serve-handler.js';

export function fakeProviderCommand(): Command {
  return new Command('fake-provider')
    .description('run the built-in fake provider, OpenAI-compatible or Anthropic (strict about tool calls and the context window)')
    .addOption(new Option('--api <api>', 'the API it speaks: chat (OpenAI-compatible) or anthropic (Messages, with prompt caching simulated)').default('chat').choices(['chat', 'anthropic']))
    .addOption(new Option('-p, --port <port>', 'port to listen on').default(9090).argParser(positiveInt))
    .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--context-window <tokens>', 'reject prompts over this many tokens').default(196_608).argParser(positiveInt))
    .addOption(new Option('--chunk-delay-ms <ms>', 'delay before each streamed chunk').default(0).argParser(positiveInt))
    .addOption(new Option('--chunks <n>', 'content chunks per streamed answer').default(8).argParser(positiveInt))
    .addOption(new Option('--reply <text>', 'text of every answer (default: quotes the last message)'))
    .addOption(new Option('--api-key <key>', 'demand this bearer key'))
    .addOption(new Option('--fail-status <status>', 'answer the first requests with this status').argParser(positiveInt))
    .addOption(new Option('--fail-times <n>', 'how many requests --fail-status hits').default(1).argParser(positiveInt))
    .addOption(new Option('--tool-format <family>', "write tool calls as this family's text markup, or broken-json (chat API only)").choices([...DEMO_TOOL_FORMATS]))
    .action(
      async (flags: {
        api: 'chat' | 'anthropic';
        port: number;
        host: string;
        contextWindow: number;
        chunkDelayMs: number;
        chunks: number;
        reply?: string;
        apiKey?: string;
        failStatus?: number;
        failTimes: number;
        toolFormat?: DemoToolFormat;
      }) => {
        const fake = (flags.api === 'anthropic' ? createAnthropicFakeProvider : createFakeProvider)({
          contextWindow: flags.contextWindow,
          chunkDelayMs: flags.chunkDelayMs,
          chunks: flags.chunks,
          reply: flags.reply,
          apiKey: flags.apiKey,
          keepRequests: 2,
          toolFormat: flags.toolFormat,
          failures: flags.failStatus === undefined ? [] : [{ status: flags.failStatus, times: flags.failTimes }],
        });
        const server = await serveHandler(fake.handler, { port: flags.port, host: flags.host });
        process.stderr.write(`fake provider (${flags.api}) listening on ${server.url} (context window ${flags.contextWindow})\n`);
        const stop = () => void server.close(1_000).then(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
    );
}
