import { describe, expect, it } from 'vitest';
import { CHAT_TOOL_NAME, flattenToolName, ToolMap } from './tool-names.js';

describe('flattenToolName', () => {
  it('keeps valid names and joins a namespace with a double underscore', () => {
    expect(flattenToolName('exec_command')).toBe('exec_command');
    expect(flattenToolName('spawn_agent', 'multi_agent_v1')).toBe('multi_agent_v1__spawn_agent');
  });

  it('replaces characters chat providers reject', () => {
    expect(flattenToolName('read.file', 'mcp:fs')).toBe('mcp_fs__read_file');
  });

  it('shortens long names with a hash of the original, the same every time', () => {
    const long = flattenToolName('x'.repeat(50), 'namespace_with_a_long_name');
    expect(long).toMatch(CHAT_TOOL_NAME);
    expect(long).toHaveLength(64);
    expect(long).toBe(flattenToolName('x'.repeat(50), 'namespace_with_a_long_name'));
    expect(long).not.toBe(flattenToolName(`${'x'.repeat(49)}y`, 'namespace_with_a_long_name'));
  });
});

describe('ToolMap', () => {
  it('maps flattened names back to name and namespace', () => {
    const map = new ToolMap();
    expect(map.add({ name: 'spawn_agent', namespace: 'multi_agent_v1', kind: 'function' })).toBe('multi_agent_v1__spawn_agent');
    expect(map.target('multi_agent_v1__spawn_agent')).toEqual({ name: 'spawn_agent', namespace: 'multi_agent_v1', kind: 'function' });
    expect(map.chatName('spawn_agent', 'multi_agent_v1')).toBe('multi_agent_v1__spawn_agent');
  });

  it('settles a clash deterministically with a hash suffix', () => {
    const build = () => {
      const map = new ToolMap();
      return [map.add({ name: 'a__b', kind: 'function' }), map.add({ name: 'b', namespace: 'a', kind: 'function' })] as const;
    };
    const [plain, namespaced] = build();
    expect(plain).toBe('a__b');
    expect(namespaced).toMatch(/^a__b_[0-9a-f]{8}$/);
    expect(build()).toEqual([plain, namespaced]);
  });

  it('finds a tool by its bare name when the model drops the namespace, and passes unknown names through', () => {
    const map = new ToolMap();
    map.add({ name: 'wait_agent', namespace: 'multi_agent_v1', kind: 'function' });
    expect(map.target('wait_agent')).toEqual({ name: 'wait_agent', namespace: 'multi_agent_v1', kind: 'function' });
    expect(map.target('made_up')).toEqual({ name: 'made_up', kind: 'function' });
    expect(map.chatName('old_tool', 'gone')).toBe('gone__old_tool');
  });

  it('does not guess between tools that share a bare name, and sees tools added after a lookup', () => {
    const map = new ToolMap();
    map.add({ name: 'search', namespace: 'web', kind: 'function' });
    expect(map.target('search')).toEqual({ name: 'search', namespace: 'web', kind: 'function' });
    map.add({ name: 'search', namespace: 'code', kind: 'custom' });
    expect(map.target('search')).toEqual({ name: 'search', kind: 'function' });
    map.add({ name: 'open', namespace: 'files', kind: 'custom' });
    expect(map.target('open')).toEqual({ name: 'open', namespace: 'files', kind: 'custom' });
  });
});
