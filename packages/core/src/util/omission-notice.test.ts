import { describe, expect, it } from 'vitest';
import { omissionNotice, omittedWithin } from './omission-notice.js';

describe('omission notices', () => {
  it('reads back what the notices inside a range counted, and nothing outside it', () => {
    const text = `head${omissionNotice(1_234_567)}middle${omissionNotice(8)}tail${omissionNotice(99)}`;
    expect(omissionNotice(1_234_567)).toBe('\n[... 1,234,567 tokens omitted by llm-relay ...]\n');
    const third = text.lastIndexOf('\n[');
    expect(omittedWithin(text, 0, third)).toBe(1_234_575);
    expect(omittedWithin(text, 10, text.length)).toBe(107);
    expect(omittedWithin('no notice here', 0, 14)).toBe(0);
  });
});
