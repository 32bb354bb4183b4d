import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfigFile, resolveConfig } from 'llm-relay';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('./llm-relay.config.yaml', import.meta.url));
const env = { TOGETHER_API_KEY: 't-key', OPENAI_API_KEY: 'o-key', ALICE_RELAY_KEY: 'alice-key-123', REDIS_URL: 'redis://127.0.0.1:6379' };

function writeConfig(content: unknown, name = 'llm-relay.config.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-relay-config-'));
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('the config file', () => {
  it('accepts the documented example: two upstreams, two keys, a fallback', () => {
    const resolved = resolveConfig(readConfigFile(example), env, example);
    expect(Object.keys(resolved.upstreams)).toEqual(['together', 'openai']);
    expect(resolved.upstreams.together?.apiKey).toBe('t-key');
    expect(resolved.routes[0]).toEqual({
      match: 'gpt-4*',
      targets: [
        { upstream: 'together', model: 'MiniMaxAI/MiniMax-M2.5' },
        { upstream: 'openai', model: 'gpt-4.1' },
      ],
    });
    expect(resolved.modelWindows['MiniMaxAI/MiniMax-M2.5']).toEqual({ contextWindow: 196608, maxOutputTokens: 8192, tokenFactor: 1.05 });
    expect(resolved.clientKeys.map((key) => key.name)).toEqual(['alice', 'ci']);
    expect(resolved.clientKeys[0]?.key).toBe('alice-key-123');
    expect(resolved.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reports a mistake with its path in the file', () => {
    const path = writeConfig({
      upstreams: [{ name: 'a', baseURL: 'not a url' }],
      models: [{ alias: 'x', upstream: 'b', model: 'm' }],
      clientKeys: [{ name: 'k' }],
    });
    expect(() => readConfigFile(path)).toThrowError(/upstreams\[0\]\.baseURL: must be a URL/);
    expect(() => readConfigFile(path)).toThrowError(/models\[0\]\.upstream: unknown upstream "b"/);
    expect(() => readConfigFile(path)).toThrowError(/clientKeys\[0\]: give exactly one of key, keyEnv or sha256/);
  });

  it('names a missing environment variable', () => {
    expect(() => resolveConfig(readConfigFile(example), { ...env, TOGETHER_API_KEY: undefined }, example)).toThrowError(
      /upstreams\[0\]\.apiKeyEnv names the environment variable TOGETHER_API_KEY, which is not set/,
    );
  });

  it('stops the command from starting, with the path, exit code 1', () => {
    const path = writeConfig('upstreams: [ {name: a, baseURL: https://x.example} ]\nmodels: []\n', 'bad.yaml');
    const bin = fileURLToPath(new URL('../../packages/cli/bin/llm-relay.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, '--config', path, '--port', '0'], { encoding: 'utf8', env: { ...process.env, LLM_PROVIDER_URL: '' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.yaml is invalid');
    expect(result.stderr).toContain('models: ');
  });
});
