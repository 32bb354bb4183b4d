/**
 * Lets one parse scan JSON to the end of the answer only until a value fails to close. A JSON string may hold
 * the family's closing tag (a model editing this very parser), so the first scan ignores closing tags; but if
 * every call were broken, scanning each to the end would be quadratic, so after one failure each read is held
 * to its call's region (up to the next closing tag).
 */
export class JsonScanBudget {
  private readonly length: number;
  private bounded = false;

  constructor(text: string) {
    this.length = text.length;
  }

  read<T extends { truncated: boolean }>(read: (limit: number) => T, regionEnd: () => number): T {
    if (!this.bounded) {
      const whole = read(this.length);
      if (!whole.truncated) return whole;
      this.bounded = true;
    }
    return read(regionEnd());
  }
}
