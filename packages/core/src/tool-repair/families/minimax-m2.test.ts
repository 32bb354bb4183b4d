import { describe, expect, it } from 'vitest';
import { minimaxM2 } from './minimax-m2.js';

const fields = (...pairs: [string, string][]) => ({ kind: 'fields', fields: pairs.map(([key, value]) => ({ key, value })) });

describe('minimax-m2', () => {
  it('reads several invokes in one block, values exactly as written', () => {
    const markup =
      '<minimax:tool_call>\n<invoke name="search">\n<parameter name="query">a < b && "c"</parameter>\n<parameter name="limit">5</parameter>\n</invoke>\n<invoke name="read">\n<parameter name="path">\nx.md\n</parameter>\n</invoke>\n</minimax:tool_call>';
    expect(minimaxM2.parse(`${markup}\nOK`)).toEqual({
      calls: [
        { name: 'search', arguments: fields(['query', 'a < b && "c"'], ['limit', '5']) },
        { name: 'read', arguments: fields(['path', '\nx.md\n']) },
      ],
      end: markup.length,
    });
  });

  it('reads invokes without the wrapper, names quoted with single quotes or not at all', () => {
    const markup = "<invoke name='a'>\n<parameter name='k'>v</parameter>\n</invoke>\n<invoke name=b>\n<parameter name=k2>w</parameter>\n</invoke>";
    expect(minimaxM2.parse(`${markup} tail`)).toEqual({
      calls: [
        { name: 'a', arguments: fields(['k', 'v']) },
        { name: 'b', arguments: fields(['k2', 'w']) },
      ],
      end: markup.length,
    });
  });

  it('takes the last invoke without its closers, and a value cut by the next parameter line', () => {
    const text = '<minimax:tool_call>\n<invoke name="edit">\n<parameter name="old">x\n<parameter name="new">y';
    expect(minimaxM2.parse(text)).toEqual({ calls: [{ name: 'edit', arguments: fields(['old', 'x'], ['new', 'y']) }], end: text.length });
  });

  it('declines other markup and an invoke without a name', () => {
    expect(minimaxM2.parse('<minimax:tool_call>\n{"name": "a"}\n</minimax:tool_call>')).toBeUndefined();
    expect(minimaxM2.parse('<invoke name="">\n</invoke>')).toBeUndefined();
  });
});
