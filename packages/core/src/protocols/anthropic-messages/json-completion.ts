/**
 * Tells, as text is fed to it piece by piece, when a JSON object or array has been closed, in time
 * linear in the text. Once an arguments string is a complete value, any further non-space character
 * would make it invalid, so the tool block can close and let the next one open.
 *
 * @example const json = new JsonCompletion(); json.feed('{"a":"}"'); json.complete // false; json.feed('}'); json.complete // true
 */
export class JsonCompletion {
  #depth = 0;
  #inString = false;
  #escaped = false;
  #complete = false;

  get complete(): boolean {
    return this.#complete;
  }

  feed(text: string): void {
    for (let i = 0; i < text.length && !this.#complete; i += 1) {
      const char = text[i];
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (char === '\\') this.#escaped = true;
        else if (char === '"') this.#inString = false;
      } else if (char === '"') {
        this.#inString = true;
      } else if (char === '{' || char === '[') {
        this.#depth += 1;
      } else if ((char === '}' || char === ']') && this.#depth > 0) {
        this.#depth -= 1;
        this.#complete = this.#depth === 0;
      }
    }
  }
}
