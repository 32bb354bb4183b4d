import { describe, expect, it } from 'vitest';
import { imageBlock } from './image-block.js';

describe('imageBlock', () => {
  it.each([
    ['data:image/png;base64,iVBORw0K', { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } }],
    ['data:image/jpg;base64,/9j/', { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } }],
    ['data:IMAGE/WEBP;name=a.webp;base64,UklG', { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklG' } }],
    ['  https://example.com/cat.gif ', { type: 'image', source: { type: 'url', url: 'https://example.com/cat.gif' } }],
    ['data:image/png,rawbytes', { type: 'text', text: '[image omitted: the data URL is not base64]' }],
    ['data:image/bmp;base64,Qk0=', { type: 'text', text: '[image omitted: unsupported type image/bmp]' }],
    ['data:image/png;base64,', { type: 'text', text: '[image omitted: empty image data]' }],
    ['file:///tmp/a.png', { type: 'text', text: '[image omitted: only data: and http(s) image URLs can be sent]' }],
    [undefined, { type: 'text', text: '[image omitted: only data: and http(s) image URLs can be sent]' }],
  ])('%s', (url, block) => {
    expect(imageBlock(url)).toEqual(block);
  });

  it('carries a client marker', () => {
    expect(imageBlock('https://x.dev/a.png', { type: 'ephemeral' })).toEqual({ type: 'image', source: { type: 'url', url: 'https://x.dev/a.png' }, cache_control: { type: 'ephemeral' } });
  });
});
