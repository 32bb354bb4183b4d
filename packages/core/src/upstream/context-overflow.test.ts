import { describe, expect, it } from 'vitest';
import { parseContextOverflow } from './context-overflow.js';

describe('parseContextOverflow', () => {
  it('reads the numbers from the common wordings', () => {
    const openai = JSON.stringify({ error: { message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", code: 'context_length_exceeded' } });
    expect(parseContextOverflow(400, openai)).toEqual({ limit: 8192, actual: 9000 });
    const requested = "This model's maximum context length is 131072 tokens. However, you requested 140000 tokens (132000 in the messages, 8000 in the completion).";
    expect(parseContextOverflow(400, requested)).toEqual({ limit: 131072, actual: 140000 });
    expect(parseContextOverflow(400, '{"error":{"message":"prompt is too long: 210000 tokens > 200000 maximum"}}')).toEqual({ limit: 200000, actual: 210000 });
    expect(parseContextOverflow(400, 'the request exceeds the available context size, try increasing it')).toEqual({});
  });

  it('ignores other errors and statuses', () => {
    expect(parseContextOverflow(400, '{"error":{"message":"Invalid parameter: temperature"}}')).toBeUndefined();
    expect(parseContextOverflow(500, 'maximum context length is 10 tokens. However, your messages resulted in 20 tokens')).toBeUndefined();
  });

  it('reads a number wherever its digits start, and a huge error only as far as a wording could reach', () => {
    expect(parseContextOverflow(400, 'x 123456 tokens is greater than the maximum of 100000')).toEqual({ limit: 100000, actual: 123456 });
    expect(parseContextOverflow(400, `${'7'.repeat(1_000_000)} and no wording`)).toBeUndefined();
    expect(parseContextOverflow(400, `prompt is too long: 210000 tokens > 200000 maximum ${'1'.repeat(1_000_000)}`)).toEqual({ limit: 200000, actual: 210000 });
    expect(parseContextOverflow(400, `${'requested 5 tokens '.repeat(60_000)}`)).toBeUndefined();
  });
});
