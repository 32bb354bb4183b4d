import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, collectOutput, LISTENING, waitForStderr } from './command-output.js';

// The admin flags of the built command, as a user runs it.
const ADMIN_KEY = 'admin-key-that-must-never-leak-0003';
const cleanEnv = { ...process.env, LLM_PROVIDER_URL: '', LLM_PROVIDER_KEY: '', RELAY_PORT: '', LLM_RELAY_ADMIN_KEY: '' };

describe('llm-relay with an admin key', () => {
  it('turns the page on from LLM_RELAY_ADMIN_KEY, says where it is, and never prints the key', async () => {
    const output = collectOutput(spawn(process.execPath, [bin, '--demo', '--port', '0'], { env: { ...cleanEnv, LLM_RELAY_ADMIN_KEY: ADMIN_KEY }, cwd: '/' }));
    try {
      await waitForStderr(output, /admin page: /);
      const url = LISTENING.exec(output.stderr())?.[1] as string;
      expect(output.stderr()).toContain(`  admin page: ${url}/ui (admin key required; loopback clients only)\n`);
      const overview = await fetch(`${url}/admin/overview`, { headers: { 'x-admin-key': ADMIN_KEY } });
      expect(overview.status).toBe(200);
      await overview.arrayBuffer();
    } finally {
      output.child.kill('SIGTERM');
      await output.exited;
    }
    expect(output.stderr() + output.stdout()).not.toContain(ADMIN_KEY);
  });

  it('says how to turn the page on when it is off', async () => {
    const output = collectOutput(spawn(process.execPath, [bin, '--demo', '--port', '0'], { env: cleanEnv, cwd: '/' }));
    await waitForStderr(output, /admin page: /);
    output.child.kill('SIGTERM');
    await output.exited;
    expect(output.stderr()).toMatch(/ {2}admin page: off \(set LLM_RELAY_ADMIN_KEY or --admin-key to open http:\/\/127\.0\.0\.1:\d+\/ui\)\n/);
  });

  it('exits with one line naming the fix for a short key, or a config file whose admin.keyEnv is unset', () => {
    const short = spawnSync(process.execPath, [bin, '--demo', '--port', '0', '--admin-key', 'short'], { env: cleanEnv, encoding: 'utf8', cwd: '/' });
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/^llm-relay: The admin key must be at least 16 characters long: generate one with `openssl rand -hex 24`\.\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'llm-relay-admin-'));
    const config = join(dir, 'relay.json');
    writeFileSync(
      config,
      JSON.stringify({ upstreams: [{ name: 'a', baseURL: 'http://127.0.0.1:9' }], models: [{ alias: '*', upstream: 'a', model: 'm' }], admin: { keyEnv: 'MY_ADMIN_KEY', allowRemote: true } }),
    );
    const unset = spawnSync(process.execPath, [bin, '--port', '0', '--config', config], { env: cleanEnv, encoding: 'utf8', cwd: '/' });
    expect(unset.status).toBe(1);
    expect(unset.stderr).toContain('admin.keyEnv names the environment variable MY_ADMIN_KEY, which is not set');
  });
});
