import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/llm-relay.js', import.meta.url));
const cleanEnv = { ...process.env, LLM_PROVIDER_URL: '', LLM_PROVIDER_KEY: '', RELAY_PORT: '' };

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
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const deadline = Date.now() + 10_000;
      while (!/listening on (http:\/\/\S+)/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      expect(url).toBeDefined();
      const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4', stream: true, messages: [{ role: 'user', content: 'Hello' }] }) });
      const reader = response.body!.getReader();
      await reader.read();
      child.kill('SIGTERM');
      let text = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
      expect(text).toContain('data: [DONE]');
      expect(await exited).toBe(0);
      const lines = stdout.trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      expect(lines.some((line) => line.includes('"msg":"shutting down"'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
