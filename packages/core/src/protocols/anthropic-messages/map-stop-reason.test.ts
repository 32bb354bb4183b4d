import { describe, expect, it } from 'vitest';
import { mapStopReason } from './map-stop-reason.js';

describe('mapStopReason', () => {
  it('maps Chat finish reasons', () => {
    expect(mapStopReason('stop', false)).toBe('end_turn');
    expect(mapStopReason('tool_calls', true)).toBe('tool_use');
    expect(mapStopReason('length', false)).toBe('max_tokens');
    expect(mapStopReason('length', true)).toBe('max_tokens');
    expect(mapStopReason('content_filter', false)).toBe('refusal');
    expect(mapStopReason('something_new', false)).toBe('end_turn');
  });

  it('says tool_use when calls came, whatever the server said', () => {
    expect(mapStopReason('stop', true)).toBe('tool_use');
    expect(mapStopReason(null, true)).toBe('tool_use');
    expect(mapStopReason(undefined, false)).toBe('end_turn');
  });
});
