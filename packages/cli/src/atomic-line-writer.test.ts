import { describe, expect, it } from 'vitest';
import { AtomicLineWriter } from './atomic-line-writer.js';
import { LineBatcher } from './line-batcher.js';

describe('AtomicLineWriter', () => {
  it('writes whole lines in writes of at most 4,096 bytes, in order; a longer line alone', () => {
    const chunks: string[] = [];
    const writer = new LineBatcher(new AtomicLineWriter((chunk) => chunks.push(Buffer.from(chunk).toString())));
    const lines = Array.from({ length: 200 }, (_, i) => `{"n":${i},"text":"${'é'.repeat(i % 97)}"}\n`);
    lines.splice(100, 0, `{"big":"${'x'.repeat(10_000)}"}\n`);
    for (const line of lines) writer.write(line);
    writer.flush();
    expect(chunks.join('')).toBe(lines.join(''));
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.endsWith('\n')).toBe(true);
      if (!chunk.includes('"big"')) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(4_096);
    }
    expect(chunks.filter((chunk) => chunk.includes('"big"'))).toEqual([lines[100]]);
  });

  it('writes a quiet process line on the next turn', async () => {
    const chunks: string[] = [];
    const writer = new LineBatcher(new AtomicLineWriter((chunk) => chunks.push(Buffer.from(chunk).toString())));
    writer.write('{"a":1}\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).toEqual(['{"a":1}\n']);
  });
});
