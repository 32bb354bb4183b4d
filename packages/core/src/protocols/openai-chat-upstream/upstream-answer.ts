/** A Chat provider's whole answer is already a Chat completion, the relay's internal form: it passes as it came. */
export function fromChatResponse(answer: unknown): unknown {
  return answer;
}
