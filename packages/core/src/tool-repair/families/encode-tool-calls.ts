/**
 * Writes calls the way each family's chat template does, in each variant the parsers accept: the property test
 * checks that parsing gives back what was written, and the fake provider's demo writes its calls with the first
 * variant. Internal: not exported from the package.
 */
import type { ToolCallFamily } from '../tool-call-family.js';
import { deepseekDsml } from './deepseek-dsml.js';
import { deepseekV3 } from './deepseek-v3.js';
import { deepseekV31 } from './deepseek-v3-1.js';
import { glm } from './glm.js';
import { hermes } from './hermes.js';
import { kimiK2 } from './kimi-k2.js';
import { llama3 } from './llama3.js';
import { minimaxM1 } from './minimax-m1.js';
import { minimaxM2 } from './minimax-m2.js';
import { mistral } from './mistral.js';
import { qwen3Coder } from './qwen3-coder.js';
import { seedOss } from './seed-oss.js';

export interface PlainCall {
  name: string;
  args: Record<string, unknown>;
}

export interface FamilyEncoder {
  family: ToolCallFamily;
  /** `json`: arguments come back as JSON text; `fields`: as key/value texts. */
  style: 'json' | 'fields';
  variants: readonly string[];
  /** Variants that leave the last call open, so text after them would be read as part of it. */
  openVariants: readonly string[];
  encode(calls: readonly PlainCall[], variant: string): string;
  /** The id the markup carries for call `index`, when the variant writes one. */
  idOf?(call: PlainCall, index: number, variant: string): string | undefined;
}

/** How XML-style templates write a value: strings raw, anything else as JSON. */
export function fieldText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const json = JSON.stringify;
const DS = {
  callsBegin: '<｜tool▁calls▁begin｜>',
  callsEnd: '<｜tool▁calls▁end｜>',
  callBegin: '<｜tool▁call▁begin｜>',
  callEnd: '<｜tool▁call▁end｜>',
  sep: '<｜tool▁sep｜>',
};

function isLast<T>(items: readonly T[], index: number): boolean {
  return index === items.length - 1;
}

/** Qwen3-Coder's `<function=…>` block; `open` drops every closer (the truncated last call). */
function xmlFunction({ name, args }: PlainCall, open: boolean): string {
  const params = Object.entries(args).map(([key, value]) => `<parameter=${key}>\n${fieldText(value)}\n${open ? '' : '</parameter>\n'}`);
  return `<function=${name}>\n${params.join('')}${open ? '' : '</function>'}`;
}

function wrappedXml(calls: readonly PlainCall[], open: string, close: string, openLast: boolean): string {
  return calls.map((call, i) => (openLast && isLast(calls, i) ? `${open}\n${xmlFunction(call, true)}` : `${open}\n${xmlFunction(call, false)}\n${close}`)).join('\n');
}

const hermesEncoder: FamilyEncoder = {
  family: hermes,
  style: 'json',
  variants: ['newlines', 'compact', 'pretty', 'string-arguments', 'parameters-key', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const objects = calls.map(({ name, args }) => {
      if (variant === 'string-arguments') return json({ name, arguments: json(args) });
      if (variant === 'parameters-key') return json({ name, parameters: args });
      if (variant === 'pretty') return JSON.stringify({ name, arguments: args }, null, 2);
      return json({ name, arguments: args });
    });
    if (variant === 'compact') return objects.map((o) => `<tool_call>${o}</tool_call>`).join('');
    return objects.map((o, i) => (variant === 'open-last' && isLast(objects, i) ? `<tool_call>\n${o}` : `<tool_call>\n${o}\n</tool_call>`)).join('\n');
  },
};

const qwen3CoderEncoder: FamilyEncoder = {
  family: qwen3Coder,
  style: 'fields',
  variants: ['wrapped', 'bare', 'no-parameter-closers', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    if (variant === 'bare') return calls.map((call) => xmlFunction(call, false)).join('\n');
    if (variant === 'no-parameter-closers') {
      return calls
        .map(({ name, args }) => {
          const params = Object.entries(args).map(([key, value]) => `<parameter=${key}>\n${fieldText(value)}\n`);
          return `<tool_call>\n<function=${name}>\n${params.join('')}</function>\n</tool_call>`;
        })
        .join('\n');
    }
    return wrappedXml(calls, '<tool_call>', '</tool_call>', variant === 'open-last');
  },
};

const seedOssEncoder: FamilyEncoder = {
  family: seedOss,
  style: 'fields',
  variants: ['wrapped', 'open-last'],
  openVariants: ['open-last'],
  encode: (calls, variant) => wrappedXml(calls, '<seed:tool_call>', '</seed:tool_call>', variant === 'open-last'),
};

function invokeBlock({ name, args }: PlainCall, quote: (s: string) => string, tags: { invoke: string; parameter: string; withString: boolean }, openLast: boolean): string {
  const entries = Object.entries(args);
  const params = entries.map(([key, value], i) => {
    const flag = tags.withString ? ` string="${typeof value === 'string'}"` : '';
    const close = openLast && isLast(entries, i) ? '' : `</${tags.parameter}>\n`;
    return `<${tags.parameter} name=${quote(key)}${flag}>${fieldText(value)}${close}`;
  });
  return `<${tags.invoke} name=${quote(name)}>\n${params.join('')}${openLast ? '' : `</${tags.invoke}>`}`;
}

const minimaxM2Encoder: FamilyEncoder = {
  family: minimaxM2,
  style: 'fields',
  variants: ['wrapped', 'bare', 'single-quoted', 'unquoted', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const quote = variant === 'single-quoted' ? (s: string) => `'${s}'` : variant === 'unquoted' ? (s: string) => s : (s: string) => `"${s}"`;
    const tags = { invoke: 'invoke', parameter: 'parameter', withString: false };
    const invokes = calls.map((call, i) => invokeBlock(call, quote, tags, variant === 'open-last' && isLast(calls, i)));
    if (variant === 'bare') return invokes.join('\n');
    return `<minimax:tool_call>\n${invokes.join('\n')}${variant === 'open-last' ? '' : '\n</minimax:tool_call>'}`;
  },
};

const minimaxM1Encoder: FamilyEncoder = {
  family: minimaxM1,
  style: 'json',
  variants: ['lines', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const lines = calls.map(({ name, args }) => json({ name, arguments: args })).join('\n');
    return `<tool_calls>\n${lines}${variant === 'open-last' ? '' : '\n</tool_calls>'}`;
  },
};

const glmEncoder: FamilyEncoder = {
  family: glm,
  style: 'fields',
  variants: ['glm45', 'glm47', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const nl = variant === 'glm45' ? '\n' : '';
    return calls
      .map(({ name, args }, i) => {
        const entries = Object.entries(args);
        const open = variant === 'open-last' && isLast(calls, i);
        const pairs = entries.map(([key, value], j) => `<arg_key>${key}</arg_key>${nl}<arg_value>${fieldText(value)}${open && isLast(entries, j) ? '' : `</arg_value>${nl}`}`);
        return `<tool_call>${name}${nl}${pairs.join('')}${open ? '' : '</tool_call>'}`;
      })
      .join(nl);
  },
};

const kimiK2Encoder: FamilyEncoder = {
  family: kimiK2,
  style: 'json',
  variants: ['section', 'singular-section', 'bare', 'no-prefix', 'open-last'],
  openVariants: ['open-last'],
  idOf: (call, index, variant) => (variant === 'no-prefix' ? `${call.name}:${index}` : `functions.${call.name}:${index}`),
  encode(calls, variant) {
    const body = calls
      .map((call, i) => {
        const end = variant === 'open-last' && isLast(calls, i) ? '' : '<|tool_call_end|>';
        return `<|tool_call_begin|>${kimiK2Encoder.idOf?.(call, i, variant)}<|tool_call_argument_begin|>${json(call.args)}${end}`;
      })
      .join('');
    if (variant === 'bare') return body;
    if (variant === 'singular-section') return `<|tool_call_section_begin|>${body}<|tool_call_section_end|>`;
    return `<|tool_calls_section_begin|>${body}${variant === 'open-last' ? '' : '<|tool_calls_section_end|>'}`;
  },
};

const deepseekV3Encoder: FamilyEncoder = {
  family: deepseekV3,
  style: 'json',
  variants: ['fenced', 'bare-json', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const body = calls
      .map(({ name, args }, i) => {
        const argsText = variant === 'bare-json' ? json(args) : `\`\`\`json\n${json(args)}\n\`\`\``;
        const end = variant === 'open-last' && isLast(calls, i) ? '' : DS.callEnd;
        return `${DS.callBegin}function${DS.sep}${name}\n${argsText}${end}`;
      })
      .join('\n');
    return `${DS.callsBegin}${body}${variant === 'open-last' ? '' : DS.callsEnd}`;
  },
};

const deepseekV31Encoder: FamilyEncoder = {
  family: deepseekV31,
  style: 'json',
  variants: ['standard', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const body = calls.map(({ name, args }, i) => `${DS.callBegin}${name}${DS.sep}${json(args)}${variant === 'open-last' && isLast(calls, i) ? '' : DS.callEnd}`).join('');
    return `${DS.callsBegin}${body}${variant === 'open-last' ? '' : DS.callsEnd}`;
  },
};

const deepseekDsmlEncoder: FamilyEncoder = {
  family: deepseekDsml,
  style: 'fields',
  variants: ['dsml', 'plain', 'open-last'],
  openVariants: ['open-last'],
  encode(calls, variant) {
    const mark = variant === 'plain' ? '' : '｜DSML｜';
    const tags = { invoke: `${mark}invoke`, parameter: `${mark}parameter`, withString: true };
    const invokes = calls.map((call, i) => invokeBlock(call, (s) => `"${s}"`, tags, variant === 'open-last' && isLast(calls, i)));
    return `<${mark}function_calls>\n${invokes.join('\n')}${variant === 'open-last' ? '' : `\n</${mark}function_calls>`}`;
  },
};

const mistralEncoder: FamilyEncoder = {
  family: mistral,
  style: 'json',
  variants: ['v11', 'array', 'v11-one-marker', 'v11-call-id', 'v11-no-args-token'],
  openVariants: [],
  idOf: (_call, index, variant) => (variant === 'v11-call-id' ? `id${index}abcdef` : undefined),
  encode(calls, variant) {
    if (variant === 'array') return `[TOOL_CALLS] [${calls.map(({ name, args }) => json({ name, arguments: args })).join(', ')}]`;
    if (variant === 'v11-one-marker') return `[TOOL_CALLS]${calls.map(({ name, args }) => `${name}[ARGS]${json(args)}`).join('')}`;
    return calls
      .map((call, i) => {
        if (variant === 'v11-call-id') return `[TOOL_CALLS]${call.name}[CALL_ID]${mistralEncoder.idOf?.(call, i, variant)}[ARGS]${json(call.args)}`;
        if (variant === 'v11-no-args-token') return `[TOOL_CALLS]${call.name}${json(call.args)}`;
        return `[TOOL_CALLS]${call.name}[ARGS]${json(call.args)}`;
      })
      .join('');
  },
};

const llama3Encoder: FamilyEncoder = {
  family: llama3,
  style: 'json',
  variants: ['semicolon', 'newline', 'arguments-key', 'eom'],
  openVariants: [],
  encode(calls, variant) {
    const objects = calls.map(({ name, args }) => json(variant === 'arguments-key' ? { name, arguments: args } : { name, parameters: args }));
    const body = objects.join(variant === 'newline' ? '\n' : '; ');
    return `<|python_tag|>${body}${variant === 'eom' ? '<|eom_id|>' : ''}`;
  },
};

export const FAMILY_ENCODERS: readonly FamilyEncoder[] = [
  hermesEncoder,
  qwen3CoderEncoder,
  seedOssEncoder,
  minimaxM2Encoder,
  minimaxM1Encoder,
  glmEncoder,
  kimiK2Encoder,
  deepseekV3Encoder,
  deepseekV31Encoder,
  deepseekDsmlEncoder,
  mistralEncoder,
  llama3Encoder,
];
