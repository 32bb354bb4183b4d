import { describe, expect, it } from 'vitest';
import { LiveFeed } from './live-feed.js';

describe('LiveFeed', () => {
  it('sends each event to a reading client', async () => {
    const feed = new LiveFeed();
    const reader = feed.open()!.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain('event: hello');
    feed.publish('request', { requestId: 'r1' });
    expect((await reader.read()).value).toBe('event: request\ndata: {"requestId":"r1"}\n\n');
    await reader.cancel();
    expect(feed.listening).toBe(false);
  });

  it('drops a client that stops reading once its queue is full, instead of buffering', async () => {
    const feed = new LiveFeed({ maxQueued: 8 });
    const body = feed.open()!.body!;
    for (let i = 0; i < 100; i += 1) feed.publish('request', { i });
    expect(feed.dropped).toBe(1);
    expect(feed.listening).toBe(false);
    await expect(body.getReader().read()).rejects.toThrow(/fell too far behind/);
  });

  it('refuses streams beyond its maximum', () => {
    const feed = new LiveFeed({ maxClients: 2 });
    expect(feed.open()).toBeDefined();
    expect(feed.open()).toBeDefined();
    expect(feed.open()).toBeUndefined();
    feed.close();
  });
});
