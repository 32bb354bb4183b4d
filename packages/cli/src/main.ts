import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { fakeProviderCommand } from './commands/fake-provider-command.js';
import { serveCommand } from './commands/serve-command.js';

// A .env in the working directory fills in what the environment does not set (never overrides it).
const envFile = resolve(process.cwd(), '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);

const program = new Command('llm-relay')
  .description('OpenAI-compatible relay that keeps long coding sessions inside the model context window')
  .version('0.1.0')
  .addCommand(serveCommand(), { isDefault: true })
  .addCommand(fakeProviderCommand())
  .addHelpText('after', '\n`serve` is the default command: `llm-relay --port 8080` runs it. Its flags: `llm-relay serve --help`.');

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`llm-relay: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
