import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Outside Vitest's aliases: the built packages as a user installs them, from CommonJS and from ESM.
const cwd = fileURLToPath(new URL('..', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });

describe('the published shape', () => {
  it('require() gives the public API of both packages', () => {
    const result = run([
      '-e',
      "const core = require('@llm-relay/core'); const cli = require('llm-relay'); console.log(JSON.stringify([typeof core.createRelayHandler, typeof core.truncateContext, typeof core.estimateTokens, typeof core.capMessage, typeof core.mapModel, typeof cli.startRelay, typeof cli.nodeListener]))",
    ]);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(Array(7).fill('function'));
  });

  it('import gives the same, and the core counts tokens', () => {
    const result = run([
      '--input-type=module',
      '-e',
      "import { estimateTokens } from '@llm-relay/core'; import { startRelay } from 'llm-relay'; console.log(estimateTokens([{ role: 'user', content: 'Hello' }]), typeof startRelay)",
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('8 function');
  });
});
