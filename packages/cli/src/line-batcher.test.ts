import { describe, expect, it } from 'vitest';
import { LineBatcher } from './line-batcher.js';

describe('LineBatcher', () => {
  it('writes the lines of one event-loop turn as one chunk, in order', async () => {
    const writes: string[] = [];
    const batcher = new LineBatcher({ write: (chunk) => writes.push(chunk) });
    batcher.write('a\n');
    batcher.write('b\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['a\nb\n']);
    batcher.write('c\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes at once past its size, and on flush', () => {
    const writes: string[] = [];
    const batcher = new LineBatcher({ write: (chunk) => writes.push(chunk) }, 4);
    batcher.write('ab\n');
    batcher.write('cd\n');
    expect(writes).toEqual(['ab\ncd\n']);
    batcher.write('e\n');
    batcher.flush();
    batcher.flush();
    expect(writes).toEqual(['ab\ncd\n', 'e\n']);
  });
});
