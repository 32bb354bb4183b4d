import { RelayError } from '../../errors/relay-error.js';
import { isRecord as isObject } from './fields.js';
import type { ResponsesRequest } from './responses-types.js';
import { invalidInput as invalid, validateInputItems } from './validate-input-items.js';

const TOOL_CHOICES: ReadonlySet<string> = new Set(['auto', 'none', 'required']);

/**
 * Checks the shape the relay relies on for `POST /v1/responses`; the provider checks the rest.
 * Throws a 400 RelayError whose `param` names the field (`input[3].call_id`).
 *
 * @example const request = validateResponsesRequest(await readJsonBody(req));
 */
export function validateResponsesRequest(body: unknown): ResponsesRequest {
  if (!isObject(body)) throw invalid('The request body must be a JSON object with an `input`.', null);
  for (const field of ['previous_response_id', 'conversation'] as const) {
    if (body[field] !== undefined && body[field] !== null) throw stateless(field);
  }
  if (body.model !== undefined && typeof body.model !== 'string') throw invalid('`model` must be a string.', 'model');
  if (typeof body.input !== 'string' && !Array.isArray(body.input)) {
    throw invalid('`input` must be a string or an array of input items.', 'input');
  }
  if (Array.isArray(body.input)) validateInputItems(body.input);
  if (body.instructions !== undefined && body.instructions !== null && typeof body.instructions !== 'string') {
    throw invalid('`instructions` must be a string.', 'instructions');
  }
  if (body.tools !== undefined) validateTools(body.tools);
  validateToolChoice(body.tool_choice);
  optional(body, 'parallel_tool_calls', 'boolean');
  optional(body, 'stream', 'boolean');
  optional(body, 'temperature', 'number');
  optional(body, 'top_p', 'number');
  const maxOutput = body.max_output_tokens;
  if (maxOutput !== undefined && maxOutput !== null && !(Number.isInteger(maxOutput) && (maxOutput as number) > 0)) {
    throw invalid('`max_output_tokens` must be a positive integer.', 'max_output_tokens');
  }
  if (body.reasoning !== undefined && body.reasoning !== null) {
    if (!isObject(body.reasoning)) throw invalid('`reasoning` must be an object like {"effort": "medium"}.', 'reasoning');
    const effort = body.reasoning.effort;
    if (effort !== undefined && effort !== null && typeof effort !== 'string') throw invalid('`reasoning.effort` must be a string.', 'reasoning.effort');
  }
  return body as ResponsesRequest;
}

function validateTools(tools: unknown): void {
  if (!Array.isArray(tools)) throw invalid('`tools` must be an array.', 'tools');
  tools.forEach((tool: unknown, index) => {
    const param = `tools[${index}]`;
    if (!isObject(tool) || typeof tool.type !== 'string') throw invalid(`${param} must be an object with a \`type\`.`, param);
    if (tool.type !== 'function' && tool.type !== 'custom' && tool.type !== 'namespace') return;
    if (typeof tool.name !== 'string' || tool.name === '') throw invalid(`${param}.name must be a non-empty string.`, `${param}.name`);
    if (tool.type !== 'namespace') return;
    if (!Array.isArray(tool.tools)) throw invalid(`${param}.tools must be an array of function or custom tools.`, `${param}.tools`);
    tool.tools.forEach((inner: unknown, innerIndex) => {
      const at = `${param}.tools[${innerIndex}]`;
      if (!isObject(inner) || (inner.type !== 'function' && inner.type !== 'custom')) {
        throw invalid(`${at} must be a function or custom tool.`, `${at}.type`);
      }
      if (typeof inner.name !== 'string' || inner.name === '') throw invalid(`${at}.name must be a non-empty string.`, `${at}.name`);
    });
  });
}

function validateToolChoice(choice: unknown): void {
  if (choice === undefined || choice === null) return;
  if (typeof choice === 'string') {
    if (!TOOL_CHOICES.has(choice)) throw invalid(`\`tool_choice\` must be auto, none, required or an object; got ${JSON.stringify(choice)}.`, 'tool_choice');
    return;
  }
  if (!isObject(choice) || typeof choice.type !== 'string') throw invalid('`tool_choice` must be a string or an object with a `type`.', 'tool_choice');
  if ((choice.type === 'function' || choice.type === 'custom') && typeof choice.name !== 'string') {
    throw invalid('`tool_choice.name` must name the tool to call.', 'tool_choice.name');
  }
}

function optional(body: Record<string, unknown>, field: string, type: 'boolean' | 'number'): void {
  const value = body[field];
  if (value !== undefined && value !== null && typeof value !== type) throw invalid(`\`${field}\` must be a ${type}.`, field);
}

function stateless(field: string): RelayError {
  return new RelayError({
    status: 400,
    message: `\`${field}\` is not supported: llm-relay is stateless and stores no responses. Resend the full conversation in \`input\` with \`store: false\` (Codex CLI does this by default).`,
    param: field,
    code: 'unsupported_parameter',
  });
}
