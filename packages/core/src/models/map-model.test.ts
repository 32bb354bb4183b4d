import { describe, expect, it } from 'vitest';
import { listedModels, mapModel } from './map-model.js';

const config = { defaultModel: 'MiniMaxAI/MiniMax-M2.5', aliases: { 'gpt-4o-mini': 'small', 'gpt-4*': 'llama', 'claude-*': 'qwen' } };

describe('mapModel', () => {
  it('prefers an exact alias, then the first matching glob, then the default', () => {
    expect(mapModel('gpt-4o-mini', config)).toBe('small');
    expect(mapModel('gpt-4-turbo', config)).toBe('llama');
    expect(mapModel('claude-sonnet-4', config)).toBe('qwen');
    expect(mapModel('anything', config)).toBe('MiniMaxAI/MiniMax-M2.5');
    expect(mapModel(undefined, config)).toBe('MiniMaxAI/MiniMax-M2.5');
  });

  it('passes unmatched names through when asked, and without a default', () => {
    expect(mapModel('anything', { ...config, passthrough: true })).toBe('anything');
    expect(mapModel('gpt-4o', { ...config, passthrough: true })).toBe('llama');
    expect(mapModel('anything', {})).toBe('anything');
  });

  it('lists the default and the exact aliases', () => {
    expect(listedModels(config)).toEqual(['MiniMaxAI/MiniMax-M2.5', 'gpt-4o-mini']);
  });
});
