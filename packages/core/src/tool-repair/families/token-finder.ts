/**
 * Finds a fixed token at or after an offset, remembering the last answer so that a parse whose offsets only
 * move forward searches each stretch of text once: the reason the families stay linear on long answers.
 *
 * @example
 * const closer = new TokenFinder(text, '</tool_call>');
 * closer.next(0); // first `</tool_call>`, or -1
 */
export class TokenFinder {
  private readonly text: string;
  readonly token: string;
  private searchedFrom = 0;
  private found = Number.NaN;

  constructor(text: string, token: string) {
    this.text = text;
    this.token = token;
  }

  next(from: number): number {
    // The cached answer is the first occurrence at or after `searchedFrom`, so it also answers any later `from` it does not precede.
    if (!Number.isNaN(this.found) && from >= this.searchedFrom && (this.found === -1 || this.found >= from)) return this.found;
    this.searchedFrom = from;
    this.found = this.text.indexOf(this.token, from);
    return this.found;
  }
}
