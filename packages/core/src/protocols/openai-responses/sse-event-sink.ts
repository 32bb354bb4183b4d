/**
 * Collects Responses SSE events as text: every event has an `event:` line and a `data` object that starts
 * with its `type` and an increasing `sequence_number`, as the openai SDK and Codex expect.
 */
export class SseEventSink {
  #sequence = 0;
  #text = '';

  emit(type: string, fields: Record<string, unknown>): void {
    this.#text += `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.#sequence, ...fields })}\n\n`;
    this.#sequence += 1;
  }

  /** The events since the last call, leaving the sink empty. */
  take(): string {
    const text = this.#text;
    this.#text = '';
    return text;
  }
}
