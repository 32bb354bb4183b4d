import { describe, expect, it } from 'vitest';
import { upstreamUrl } from './upstream-url.js';

describe('upstreamUrl', () => {
  it.each([
    ['https://api.together.xyz', 'https://api.together.xyz/v1/chat/completions'],
    ['https://api.together.xyz/', 'https://api.together.xyz/v1/chat/completions'],
    ['https://api.together.xyz/v1', 'https://api.together.xyz/v1/chat/completions'],
    ['https://api.together.xyz/v1/', 'https://api.together.xyz/v1/chat/completions'],
    ['https://example.com/openai/v1', 'https://example.com/openai/v1/chat/completions'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions'],
  ])('%s', (base, expected) => {
    expect(upstreamUrl(base, 'chat/completions')).toBe(expected);
  });
});
