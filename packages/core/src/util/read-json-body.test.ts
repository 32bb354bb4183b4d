import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body.js';

function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Request {
  return new Request('http://relay/v1/chat/completions', { method: 'POST', body, headers });
}

/** A chat request of about `megabytes` MB: a tool output with escapes and non-ASCII text in it. */
function bigRequest(megabytes: number): { model: string; messages: unknown[] } {
  const line = 'ok "quoted" \\ path/to/日本語.ts\ttab\n';
  const output = line.repeat(Math.ceil((megabytes * 1_048_576) / line.length));
  return {
    model: 'm',
    messages: [
      { role: 'user', content: 'run it' },
      { role: 'tool', tool_call_id: 'c1', content: output },
    ],
  };
}

describe('readJsonBody', () => {
  it('reads a body over the slicing threshold to exactly what JSON.parse gives', async () => {
    const value = bigRequest(3);
    const text = JSON.stringify(value);
    expect(await readJsonBody(post(new TextEncoder().encode(text)), 64 * 1_048_576)).toEqual(JSON.parse(text));
  });

  it('lets timers run while it reads a large body', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(bigRequest(8)));
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 0);
    await readJsonBody(post(bytes), 64 * 1_048_576);
    clearInterval(timer);
    // Decoding and parsing 8 MB in one go would leave the interval no turn before the body was read.
    expect(ticks).toBeGreaterThan(1);
  });

  it('answers a large body that is not JSON with a 400 naming the problem', async () => {
    const text = JSON.stringify(bigRequest(2)).slice(0, -2);
    await expect(readJsonBody(post(text), 64 * 1_048_576)).rejects.toMatchObject({ status: 400, code: 'invalid_json' });
  });

  it('answers a large body of whitespace as an empty body', async () => {
    await expect(readJsonBody(post(' '.repeat(2_000_000)), 64 * 1_048_576)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('empty') });
  });

  it('rejects a large body nested too deep with a 400, not a crash', async () => {
    const text = `{"model":"m","pad":"${'x'.repeat(1_100_000)}","messages":${'['.repeat(300)}${']'.repeat(300)}}`;
    await expect(readJsonBody(post(text), 64 * 1_048_576)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('nested') });
  });

  it('rejects an object of more than 10,000 members with a 400 before parsing it, small body or large, and takes 10,000', async () => {
    const wide = (members: number, pad = '') => `{"model":"m","pad":"${pad}","metadata":{${Array.from({ length: members }, (_, i) => `"k${i}":"a:b"`).join(',')}}}`;
    const tooWide = { status: 400, message: expect.stringContaining('more than 10,000 members') };
    await expect(readJsonBody(post(wide(10_001)), 64 * 1_048_576)).rejects.toMatchObject(tooWide);
    await expect(readJsonBody(post(wide(200_000)), 64 * 1_048_576)).rejects.toMatchObject(tooWide);
    await expect(readJsonBody(post(wide(10_001, 'x'.repeat(1_100_000))), 64 * 1_048_576)).rejects.toMatchObject(tooWide);
    expect(Object.keys(((await readJsonBody(post(wide(10_000)), 64 * 1_048_576)) as { metadata: object }).metadata)).toHaveLength(10_000);
    // Colons and braces inside strings are no members.
    const inStrings = JSON.stringify({ model: 'm', texts: Array.from({ length: 20_000 }, () => '{"a":1,"b":2}') });
    expect(await readJsonBody(post(inStrings), 64 * 1_048_576)).toEqual(JSON.parse(inStrings));
  });

  it('rejects an array of more than 100,000 items with a 400, small body or large, and takes 100,000', async () => {
    const messages = (n: number) => JSON.stringify({ model: 'm', messages: Array.from({ length: n }, (_, i) => ({ role: 'user', content: `${i}` })) });
    const tooLong = { status: 400, message: expect.stringContaining('an array of more than 100,000 items') };
    // Over the slicing threshold: refused as it is parsed, before the rest is built.
    await expect(readJsonBody(post(messages(700_000)), 64 * 1_048_576)).rejects.toMatchObject(tooLong);
    await expect(readJsonBody(post(`{"stop":[${'1,'.repeat(100_000)}1]}`), 64 * 1_048_576)).rejects.toMatchObject(tooLong);
    expect(((await readJsonBody(post(messages(100_000)), 64 * 1_048_576)) as { messages: unknown[] }).messages).toHaveLength(100_000);
  });

  it('cuts a text longer than its routes could keep, and names a syntax error after it as counted in the shortened body', async () => {
    const text = JSON.stringify(bigRequest(3));
    const keepBytes = () => 100_000;
    const report: { cutOnArrival?: { texts: number; bytes: number } } = {};
    const read = (await readJsonBody(post(text), 64 * 1_048_576, keepBytes, report)) as ReturnType<typeof bigRequest>;
    const kept = read.messages[1] as { content: string };
    expect(kept.content).toMatch(/^ok "quoted".*\n\[\.\.\. [\d,]+ tokens omitted by llm-relay \.\.\.\]\n.*tab\n$/s);
    expect(report.cutOnArrival).toEqual({ texts: 1, bytes: expect.any(Number) });
    const broken = `${text.slice(0, -2)},}`;
    await expect(readJsonBody(post(broken), 64 * 1_048_576, keepBytes)).rejects.toMatchObject({ status: 400, code: 'invalid_json', message: expect.stringContaining('long text shortened by') });
  });

  it('answers 413 past the limit, declared or streamed', async () => {
    await expect(readJsonBody(post('{"a":1}'.padEnd(2_000, ' ')), 1_000)).rejects.toMatchObject({ status: 413 });
  });
});
