import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, type CommandOutput, collectOutput, waitForStderr } from './command-output.js';

const cleanEnv = { ...process.env, LLM_PROVIDER_URL: '', LLM_PROVIDER_KEY: '', RELAY_PORT: '' };

/** Starts collecting the command's output and resolves with it and the URL from its `listening on` line. */
async function listening(child: ChildProcess): Promise<{ url: string; output: CommandOutput }> {
  const output = collectOutput(child);
  return { url: (await waitForStderr(output))[1] as string, output };
}

/** The command's stdout once it holds `text` (or after 3 s, as it is then). */
async function waitForStdout(output: CommandOutput, text: string): Promise<string> {
  const deadline = Date.now() + 3_000;
  while (!output.stdout().includes(text) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return output.stdout();
}

// These run the built command (`pnpm test` builds first), as a user would.
describe('the llm-relay command', () => {
  it('exits non-zero with one line naming what to set when there is no upstream', () => {
    const result = spawnSync(process.execPath, [bin, '--port', '0'], { env: cleanEnv, encoding: 'utf8', cwd: '/' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/LLM_PROVIDER_URL is not set: pass --upstream-url/);
    expect(result.stdout).toBe('');
  });

  it('runs in demo mode, answers, logs JSON on stdout, and exits 0 on SIGTERM after the in-flight stream ends', async () => {
    const child = spawn(process.execPath, [bin, '--demo', '--demo-latency-ms', '50', '--port', '0'], { env: cleanEnv, cwd: '/' });
    try {
      const { url, output } = await listening(child);
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
      });
      const reader = response.body!.getReader();
      await reader.read();
      child.kill('SIGTERM');
      let text = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      expect(text).toContain('data: [DONE]');
      expect(await output.exited).toBe(0);
      const lines = output.stdout().trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('reads LLM_PROVIDER_URL and LLM_PROVIDER_KEY from a .env file in the working directory', async () => {
    const provider = spawn(process.execPath, [bin, 'fake-provider', '--port', '0', '--api-key', 'env-file-key-123'], { env: cleanEnv });
    const dir = mkdtempSync(join(tmpdir(), 'llm-relay-env-'));
    let relay: ChildProcess | undefined;
    try {
      const { url: providerUrl } = await listening(provider);
      writeFileSync(join(dir, '.env'), `LLM_PROVIDER_URL=${providerUrl}\nLLM_PROVIDER_KEY=env-file-key-123\nLLM_MODEL=fake-model\n`);
      const env = { ...process.env };
      for (const name of ['LLM_PROVIDER_URL', 'LLM_PROVIDER_KEY', 'LLM_MODEL', 'RELAY_PORT']) delete env[name];
      relay = spawn(process.execPath, [bin, '--port', '0'], { env, cwd: dir });
      const { url } = await listening(relay);
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] }),
      });
      // The fake provider demands the key: a 200 shows the key came from .env.
      expect(response.status).toBe(200);
      expect(response.headers.get('x-llm-relay-model')).toBe('fake-model');
    } finally {
      relay?.kill('SIGKILL');
      provider.kill('SIGKILL');
    }
  });

  it('starts from a config file (keys required) and prints pretty logs when asked', async () => {
    const provider = spawn(process.execPath, [bin, 'fake-provider', '--port', '0'], { env: cleanEnv });
    const dir = mkdtempSync(join(tmpdir(), 'llm-relay-config-'));
    let relay: ChildProcess | undefined;
    try {
      const { url: providerUrl } = await listening(provider);
      writeFileSync(
        join(dir, 'llm-relay.config.json'),
        JSON.stringify({
          upstreams: [{ name: 'fake', baseURL: providerUrl }],
          models: [{ alias: 'coder', upstream: 'fake', model: 'fake-model' }],
          clientKeys: [{ name: 'ci', keyEnv: 'CI_RELAY_KEY' }],
          server: { port: 0 },
        }),
      );
      relay = spawn(process.execPath, [bin, '--log-pretty'], { env: { ...cleanEnv, CI_RELAY_KEY: 'ci-key-12345678' }, cwd: dir });
      const { url, output } = await listening(relay);
      const ask = (key?: string) =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ model: 'coder', messages: [{ role: 'user', content: 'Hello' }] }),
        });
      expect((await ask()).status).toBe(401);
      const ok = await ask('ci-key-12345678');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-llm-relay-upstream')).toBe('fake');
      const stdout = await waitForStdout(output, 'request');
      // Pretty mode: human lines, not JSON.
      expect(stdout).toContain('request');
      expect(() => JSON.parse(stdout.trim().split('\n')[0] ?? '')).toThrow();
      expect(stdout).not.toContain('ci-key-12345678');
    } finally {
      relay?.kill('SIGKILL');
      provider.kill('SIGKILL');
    }
  });
});
