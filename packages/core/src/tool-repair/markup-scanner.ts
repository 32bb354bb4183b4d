import type { MarkupOpeners } from './markup-openers.js';

/** What the scanner held back when the answer ended: the text from a tool-call opener to the end. */
export interface ScannedEnd {
  /** Text released at the end (a held piece that turned out not to open markup). */
  text: string;
  /** The markup region, starting with one of the openers, when one was found. */
  region?: string;
  /** The region outgrew the bound and went out as text. */
  overflowed: boolean;
  /** The start of that region (its opener and a little more), to say whose markup it was. */
  overflowedStart?: string;
}

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';
// The characters that can start something the scanner must look at; everything else is released at once.
const SPECIAL = /[<[`\n]/g;
const NON_SPACE = /[^ \t\r]/;

/**
 * Finds where a model starts writing tool calls as text, in an answer that arrives piece by piece. Plain
 * text is released as soon as it arrives; only a tail that may still become an opener is held (a few
 * characters), and from a whole opener on everything is held until the answer ends, up to `maxHeldChars`.
 * Openers inside a fenced code block, inline code, a `<think>` block, or right after a quote are examples,
 * not calls. Each character is looked at a bounded number of times, however the text is split.
 */
export class MarkupScanner {
  private readonly openers: readonly string[];
  private readonly longest: number;
  private held = '';
  private regionParts: string[] | undefined;
  private regionChars = 0;
  private overflowed = false;
  private overflowedStart: string | undefined;
  // Context of the next character to scan.
  private lineStart = true;
  private fenced = false;
  private inlineCode = false;
  private thinking = false;
  private previous = '';

  constructor(
    table: MarkupOpeners,
    private readonly maxHeldChars: number,
  ) {
    this.openers = table.openers;
    this.longest = table.longest;
  }

  /** Takes the next piece of text; returns what can go to the client now. */
  push(piece: string): string {
    if (this.overflowed) return piece;
    if (this.regionParts !== undefined) {
      this.regionParts.push(piece);
      this.regionChars += piece.length;
      if (this.regionChars > this.maxHeldChars) return this.overflow();
      return '';
    }
    const text = this.held === '' ? piece : this.held + piece;
    this.held = '';
    return this.scan(text);
  }

  /** The answer ended: what is still held, and the markup region if one was opened. */
  finish(): ScannedEnd {
    if (this.regionParts !== undefined) {
      const region = this.regionParts.join('');
      this.regionParts = undefined;
      return { text: '', region, overflowed: false };
    }
    const text = this.held;
    this.held = '';
    return { text, overflowed: this.overflowed, overflowedStart: this.overflowedStart };
  }

  private overflow(): string {
    const text = (this.regionParts ?? []).join('');
    this.regionParts = undefined;
    this.overflowed = true;
    this.overflowedStart = text.slice(0, 64);
    return text;
  }

  private scan(text: string): string {
    let from = 0;
    SPECIAL.lastIndex = 0;
    for (;;) {
      const match = SPECIAL.exec(text);
      const at = match === null ? text.length : match.index;
      if (at > from) this.passPlain(text, from, at);
      if (match === null) return text;
      const char = text[at] as string;
      if (char === '\n') {
        this.lineStart = true;
        this.inlineCode = false;
        this.previous = '\n';
        from = at + 1;
        SPECIAL.lastIndex = from;
        continue;
      }
      if (char === '`') {
        const step = this.backticks(text, at);
        if (step === 0) return this.hold(text, at);
        from = at + step;
        SPECIAL.lastIndex = from;
        continue;
      }
      const step = this.angleOrBracket(text, at);
      if (step === 'hold') return this.hold(text, at);
      if (step === 'region') {
        this.regionParts = [text.slice(at)];
        this.regionChars = text.length - at;
        if (this.regionChars > this.maxHeldChars) return text.slice(0, at) + this.overflow();
        return text.slice(0, at);
      }
      this.lineStart = false;
      this.previous = char;
      from = at + step;
      SPECIAL.lastIndex = from;
    }
  }

  private passPlain(text: string, from: number, to: number): void {
    if (this.lineStart && NON_SPACE.test(text.slice(from, to))) this.lineStart = false;
    this.previous = text[to - 1] as string;
  }

  /** A run of backticks: three at a line's start open or close a fence, others open or close inline code. 0: wait for more. */
  private backticks(text: string, at: number): number {
    let end = at;
    while (end < text.length && text[end] === '`') end += 1;
    if (end === text.length && end - at < 3) return 0;
    const run = end - at;
    if (run >= 3 && this.lineStart) this.fenced = !this.fenced;
    else if (!this.fenced) this.inlineCode = !this.inlineCode;
    this.lineStart = false;
    this.previous = '`';
    return run;
  }

  /** At `<` or `[`: an opener (a region starts), a think tag, a possible start to hold, or plain text (its length). */
  private angleOrBracket(text: string, at: number): number | 'hold' | 'region' {
    const rest = text.length - at;
    if (!this.fenced && !this.inlineCode) {
      if (startsAt(text, at, THINK_OPEN)) {
        this.thinking = true;
        return THINK_OPEN.length;
      }
      if (startsAt(text, at, THINK_CLOSE)) {
        this.thinking = false;
        return THINK_CLOSE.length;
      }
      if (!this.thinking && !QUOTES.has(this.previous)) {
        for (const opener of this.openers) if (startsAt(text, at, opener)) return 'region';
      }
    }
    if (rest < this.longest && this.mayStart(text, at)) return 'hold';
    return 1;
  }

  /** Whether the text from `at` to its end is the start of an opener or a think tag. */
  private mayStart(text: string, at: number): boolean {
    const tail = text.slice(at);
    if (THINK_OPEN.startsWith(tail) || THINK_CLOSE.startsWith(tail)) return true;
    return this.openers.some((opener) => opener.length > tail.length && opener.startsWith(tail));
  }

  private hold(text: string, at: number): string {
    this.held = text.slice(at);
    return text.slice(0, at);
  }
}

const QUOTES = new Set(['"', "'", '`']);

function startsAt(text: string, at: number, token: string): boolean {
  return text.startsWith(token, at);
}
