import { describe, expect, it } from 'vitest';
import { adminKeyMatcher, presentedAdminKey } from './admin-key.js';
import { isLoopback } from './peer-address.js';
import { headerPairs, redactHeaders } from './redact-headers.js';

describe('the admin key', () => {
  it('matches only the configured key', () => {
    const matches = adminKeyMatcher('admin-key-0123456789');
    expect(matches('admin-key-0123456789')).toBe(true);
    expect(matches('admin-key-012345678')).toBe(false);
    expect(matches('')).toBe(false);
    expect(matches(undefined)).toBe(false);
  });

  it('refuses a short key, naming the fix', () => {
    expect(() => adminKeyMatcher('short')).toThrow(/at least 16 characters.*openssl rand/);
  });

  it('is read from a bearer token or x-admin-key', () => {
    expect(presentedAdminKey(new Request('http://x/', { headers: { authorization: 'Bearer abc' } }))).toBe('abc');
    expect(presentedAdminKey(new Request('http://x/', { headers: { 'x-admin-key': 'def' } }))).toBe('def');
    expect(presentedAdminKey(new Request('http://x/'))).toBeUndefined();
  });
});

describe('redactHeaders', () => {
  it('redacts every key, token and cookie, and keeps the rest', () => {
    const flat = redactHeaders(
      new Headers({ authorization: 'Bearer sk-1', 'x-api-key': 'sk-2', 'x-goog-api-key': 'k3', cookie: 'c=1', 'x-auth-token': 't', 'user-agent': 'claude-cli/1.0', 'x-session-id': 's1' }),
    );
    const map = Object.fromEntries(headerPairs(flat));
    expect(JSON.stringify(flat)).not.toMatch(/sk-1|sk-2|k3|c=1|"t"/);
    expect(map['user-agent']).toBe('claude-cli/1.0');
    expect(map['x-session-id']).toBe('s1');
    expect(map.authorization).toBe('[redacted]');
  });
});

describe('isLoopback', () => {
  it('knows loopback addresses in both families', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '192.168.1.1', 'fe80::1', '', undefined].some(isLoopback)).toBe(false);
  });
});
