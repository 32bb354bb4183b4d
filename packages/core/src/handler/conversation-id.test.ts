import { describe, expect, it } from 'vitest';
import { messagesFrontDoor } from '../protocols/anthropic-messages/messages-front-door.js';
import type { DecodedRequest } from '../protocols/front-door.js';
import { responsesFrontDoor } from '../protocols/openai-responses/responses-front-door.js';
import { conversationId } from './conversation-id.js';

type Named = Pick<DecodedRequest, 'chat' | 'conversationId'>;

const decoded = (system: string, task: string, extra: Partial<Named> = {}): Named => ({
  chat: {
    model: 'm',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: task },
      { role: 'assistant', content: 'later' },
    ],
  },
  conversationId: undefined,
  ...extra,
});

describe('conversationId', () => {
  it("takes the documented x-session-id header first, then the body, then other agents' headers", () => {
    const body = decoded('s', 't', { conversationId: 'from-body' });
    expect(conversationId(new Headers({ 'x-session-id': 'mine', session_id: 'codex' }), body)).toEqual({ id: 'mine', source: 'client' });
    expect(conversationId(new Headers({ session_id: 'codex' }), body)).toEqual({ id: 'from-body', source: 'client' });
    expect(conversationId(new Headers({ session_id: 'codex' }), decoded('s', 't'))).toEqual({ id: 'codex', source: 'client' });
    expect(conversationId(new Headers({ 'x-claude-code-session-id': 'cc' }), decoded('s', 't'))).toEqual({ id: 'cc', source: 'client' });
  });

  it('derives a stable id from the system prompt and the task, different for another task', () => {
    const a = conversationId(new Headers(), decoded('You are a coding agent.', 'Fix the bug'));
    const again = conversationId(new Headers(), {
      ...decoded('You are a coding agent.', 'Fix the bug'),
      chat: {
        model: 'm',
        messages: [
          { role: 'system', content: 'You are a coding agent.' },
          { role: 'user', content: 'Fix the bug' },
        ],
      },
    });
    const b = conversationId(new Headers(), decoded('You are a coding agent.', 'Fix the other bug'));
    expect(a.source).toBe('derived');
    expect(a.id).toMatch(/^s-[0-9a-f]{16}$/);
    expect(again.id).toBe(a.id);
    expect(b.id).not.toBe(a.id);
  });

  it('ignores empty and oversized ids', () => {
    expect(conversationId(new Headers({ 'x-session-id': ' ' }), decoded('s', 't')).source).toBe('derived');
    expect(conversationId(new Headers({ 'x-session-id': 'x'.repeat(201) }), decoded('s', 't')).source).toBe('derived');
  });

  it("reads Claude Code's metadata session and Codex's prompt_cache_key", () => {
    const claude = messagesFrontDoor.decode({
      model: 'claude',
      max_tokens: 10,
      metadata: { user_id: '{"device_id":"d","account_uuid":"","session_id":"36e1f5aa-9e05"}' },
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(claude.conversationId).toBe('36e1f5aa-9e05');
    expect(messagesFrontDoor.decode({ model: 'c', max_tokens: 1, metadata: { user_id: 'plain' }, messages: [{ role: 'user', content: 'hi' }] }).conversationId).toBeUndefined();
    const codex = responsesFrontDoor.decode({ model: 'gpt', input: 'hi', prompt_cache_key: '01a21a6d-28d6' });
    expect(codex.conversationId).toBe('01a21a6d-28d6');
  });
});
