/**
 * A new response id, `resp_` and 32 hex digits. Item ids derive from it, so a response's ids are
 * unique across responses and predictable within one (tests can assert them).
 *
 * @example const id = newResponseId(); // 'resp_3f0c...'
 */
export function newResponseId(): string {
  return `resp_${crypto.randomUUID().replaceAll('-', '')}`;
}

export type ItemPrefix = 'msg' | 'rs' | 'fc' | 'ctc' | 'call';

/** The id of the output item at `index` of a response: `msg_<response suffix>_<index>`. */
export function itemId(prefix: ItemPrefix, responseId: string, index: number): string {
  return `${prefix}_${responseId.replace(/^resp_/, '')}_${index}`;
}
