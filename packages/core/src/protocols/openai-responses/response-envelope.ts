import type { IncompleteReason } from './map-finish-reason.js';
import type { OutputItem, ResponseObject, ResponseStatus, ResponsesRequest, ResponsesUsage } from './responses-types.js';

export interface EnvelopeInit {
  id: string;
  /** The model the client asked for, not the upstream's: clients compare it. */
  model: string;
  createdAt: number;
  status: ResponseStatus;
  output: OutputItem[];
  usage: ResponsesUsage | null;
  incompleteReason?: IncompleteReason;
  error?: { code: string; message: string };
  /** Echoed settings (tool_choice, temperature, ...), as the real API does. */
  request?: ResponsesRequest;
}

/**
 * The full `response` object with every field the openai SDK types name. Tools are not echoed (`[]`):
 * Codex ignores them and they would add tens of kilobytes to each event carrying the response.
 */
export function responseEnvelope(init: EnvelopeInit): ResponseObject {
  const request = init.request;
  return {
    id: init.id,
    object: 'response',
    created_at: init.createdAt,
    status: init.status,
    error: init.error ?? null,
    incomplete_details: init.incompleteReason === undefined ? null : { reason: init.incompleteReason },
    instructions: typeof request?.instructions === 'string' ? request.instructions : null,
    max_output_tokens: request?.max_output_tokens ?? null,
    model: init.model,
    output: init.output,
    parallel_tool_calls: request?.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: request?.reasoning?.effort ?? null, summary: request?.reasoning?.summary ?? null },
    // Nothing is stored, whatever the client asked: the relay is stateless.
    store: false,
    temperature: request?.temperature ?? null,
    text: request?.text ?? { format: { type: 'text' } },
    tool_choice: request?.tool_choice ?? 'auto',
    tools: [],
    top_p: request?.top_p ?? null,
    truncation: 'disabled',
    usage: init.usage,
    metadata: request?.metadata ?? {},
  };
}
