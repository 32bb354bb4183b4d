import { asFields, type Fields } from './chat-fields.js';

/** An SSE event's `data:` as fields: parsed when it is JSON text, empty when it is not an object. */
export function eventData(data: unknown): Fields {
  if (typeof data !== 'string') return asFields(data);
  try {
    return asFields(JSON.parse(data));
  } catch {
    return {};
  }
}
