import { describe, expect, it } from 'vitest';
import { capText } from './cap-text.js';
import { clearTokenCaches, countText } from './tokenizer.js';

describe('capText', () => {
  it('never changes what a text counts, so the same request is cut the same way whatever was cut before', () => {
    // Forced cuts (the dashes) make the count an upper bound; a cut that measured the text whole must not move it.
    const text = `${Array.from({ length: 700 }, (_, i) => `row ${i} `).join('\n')}${'-'.repeat(200)}`;
    clearTokenCaches();
    const before = countText(text, 'o200k_base');
    capText(text, before - 50, 'o200k_base');
    expect(countText(text, 'o200k_base')).toBe(before);
    clearTokenCaches();
    expect(countText(text, 'o200k_base')).toBe(before);
  });

  it('keeps head and tail within the limit, with the notice between', () => {
    const text = Array.from({ length: 3_000 }, (_, i) => `line ${i}`).join('\n');
    const capped = capText(text, 500, 'o200k_base');
    expect(capped.tokens).toBeLessThanOrEqual(500);
    expect(capped.text.startsWith('line 0\nline 1')).toBe(true);
    expect(capped.text.endsWith('line 2999')).toBe(true);
    expect(capped.text).toMatch(/\[\.\.\. [\d,]+ tokens omitted by llm-relay \.\.\.\]/);
  });
});
