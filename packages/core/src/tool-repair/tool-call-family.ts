/**
 * One model family's way of writing tool calls as text. Each family lives in its own file under
 * `families/` behind this one interface, so adding a family touches nothing else (the shape vLLM's
 * `tool_parsers/` and SGLang's detectors keep).
 */
export type FamilyName = 'hermes' | 'qwen3-coder' | 'seed-oss' | 'minimax-m2' | 'minimax-m1' | 'glm' | 'kimi-k2' | 'deepseek-v3' | 'deepseek-v3.1' | 'deepseek-dsml' | 'mistral' | 'llama3';

/** One argument as an XML-style family writes it: a key and its text, typed later by the tool's schema. */
export interface WrittenField {
  key: string;
  value: string;
  /**
   * What the markup says of the value's type: `string` when it declares the value a raw string (DeepSeek
   * DSML `string="true"`), `json` when it declares it JSON (`string="false"`), absent when only the schema can tell.
   */
  declared?: 'string' | 'json';
}

/** Arguments as the model wrote them: a JSON text (perhaps broken), or key/value fields. */
export type WrittenArguments = { kind: 'json'; text: string } | { kind: 'fields'; fields: WrittenField[] };

/** A call read from the text, before its arguments are repaired or checked. */
export interface WrittenCall {
  name: string;
  arguments: WrittenArguments;
  /** An id the markup carries (Kimi's `functions.NAME:0`), kept when there is one. */
  id?: string;
}

export interface FamilyMatch {
  calls: WrittenCall[];
  /** Where the markup ends, as an offset into the parsed text; what follows stays text. */
  end: number;
}

export interface ToolCallFamily {
  name: FamilyName;
  /** The strings that open this family's markup; the scanner looks for these and nothing else. */
  openers: readonly string[];
  /**
   * Reads the calls in `text`, which starts with one of `openers` and runs to the end of the answer.
   * `undefined` when the text is not this family's markup (another family sharing the opener may take it)
   * or holds no whole call. Must be linear in the text's length and never throw.
   */
  parse(text: string): FamilyMatch | undefined;
}
