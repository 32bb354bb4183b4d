import { formatCount } from '../util/format-count.js';
import { RelayError } from './relay-error.js';

/** The request cannot be made to fit, so the relay answers as the provider would, with the numbers. */
export function contextLengthError(budget: number, needed: number, detail: string): RelayError {
  return new RelayError({
    status: 400,
    code: 'context_length_exceeded',
    param: 'messages',
    contextLength: { needed, maximum: budget },
    message: `This request needs at least ${formatCount(needed)} prompt tokens after truncation, ` + `but the budget is ${formatCount(budget)} tokens. ${detail}`,
  });
}
