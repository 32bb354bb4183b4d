import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, modelLimits } from './model-windows.js';

describe('modelLimits', () => {
  it('takes only the limits an override sets, keeping the rest from the built-in table', () => {
    const builtIn = modelLimits('gpt-4o');
    expect(modelLimits('gpt-4o', { 'gpt-4*': { contextWindow: 50_000 } })).toEqual({ contextWindow: 50_000, maxOutputTokens: builtIn.maxOutputTokens });
    // A config that names a window but no output limit hands over `maxOutputTokens: undefined`.
    const limits = modelLimits('gpt-4o', { 'gpt-4*': { contextWindow: 50_000, maxOutputTokens: undefined } });
    expect(limits.maxOutputTokens).toBe(builtIn.maxOutputTokens);
    expect(modelLimits('unknown-model', { 'unknown-*': { maxOutputTokens: undefined } })).toEqual(DEFAULT_LIMITS);
  });
});
