import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../../test/support/stream-test-chunks.js';
import { convertToolChoice } from './convert-tool-choice.js';
import { convertTools } from './convert-tools.js';

describe('convertTools', () => {
  const { tools, toolMap, droppedTools } = convertTools(TOOLS);

  it('flattens namespaces, turns custom tools into one-string functions and drops hosted tools', () => {
    expect(tools.map((tool) => tool.function.name)).toEqual(['exec_command', 'view_image', 'apply_patch', 'multi_agent_v1__spawn_agent']);
    expect(droppedTools).toEqual(['web_search']);
    expect(tools[2]).toEqual({
      type: 'function',
      function: {
        name: 'apply_patch',
        description: 'Apply a patch.',
        parameters: {
          type: 'object',
          properties: { input: { type: 'string', description: 'The raw input for apply_patch as one string, following this lark grammar:\nstart: "x"' } },
          required: ['input'],
          additionalProperties: false,
        },
      },
    });
    expect(toolMap.target('apply_patch')).toEqual({ name: 'apply_patch', kind: 'custom' });
  });

  it('gives a function without parameters an empty schema and forwards only strict: true', () => {
    const converted = convertTools([
      { type: 'function', name: 'a', strict: false },
      { type: 'function', name: 'b', strict: true, parameters: { type: 'object' } },
    ]).tools;
    expect(converted).toEqual([
      { type: 'function', function: { name: 'a', parameters: { type: 'object', properties: {} } } },
      { type: 'function', function: { name: 'b', parameters: { type: 'object' }, strict: true } },
    ]);
  });
});

describe('convertToolChoice', () => {
  const { toolMap } = convertTools(TOOLS);

  it('maps modes and named tools', () => {
    expect(convertToolChoice('required', toolMap)).toEqual({ toolChoice: 'required' });
    expect(convertToolChoice({ type: 'custom', name: 'apply_patch' }, toolMap)).toEqual({ toolChoice: { type: 'function', function: { name: 'apply_patch' } } });
    expect(convertToolChoice({ type: 'allowed_tools', mode: 'required', tools: [] }, toolMap)).toEqual({ toolChoice: 'required', dropped: 'tool_choice.tools' });
  });

  it('falls back to auto for a hosted or unknown tool', () => {
    expect(convertToolChoice({ type: 'web_search_preview' }, toolMap)).toEqual({ toolChoice: 'auto', dropped: 'tool_choice' });
    expect(convertToolChoice({ type: 'function', name: 'nope' }, toolMap)).toEqual({ toolChoice: 'auto', dropped: 'tool_choice' });
  });
});
