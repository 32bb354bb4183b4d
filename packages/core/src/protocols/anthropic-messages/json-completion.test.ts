import { describe, expect, it } from 'vitest';
import { JsonCompletion } from './json-completion.js';

const completeAfter = (...pieces: string[]) => {
  const json = new JsonCompletion();
  return pieces.map((piece) => {
    json.feed(piece);
    return json.complete;
  });
};

describe('JsonCompletion', () => {
  it('completes when the outer object closes, not at braces inside strings', () => {
    expect(completeAfter('{"a":"}', '\\"}"', ',"b":[1,{"c":2}]', '}')).toEqual([false, false, false, true]);
    expect(completeAfter('[', '"]"', ']')).toEqual([false, false, true]);
    expect(completeAfter('{"path":"C:\\\\"', '}')).toEqual([false, true]);
  });

  it('never completes without a container', () => {
    expect(completeAfter('', '   ', '"text"', '42')).toEqual([false, false, false, false]);
  });
});
