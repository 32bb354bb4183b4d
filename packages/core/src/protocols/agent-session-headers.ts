/**
 * Headers coding agents announce their session with, as observed with the real binaries (../shared/PROTOCOLS.md):
 * Claude Code's, Codex's and OpenCode's. Any of them is read on every route: an agent may speak more than one protocol.
 */
export const AGENT_SESSION_HEADERS: readonly string[] = ['x-claude-code-session-id', 'session_id', 'x-opencode-session'];
