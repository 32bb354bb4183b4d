/**
 * Where a Chat message came from in the Anthropic request: the index of its message (-1 for `system`) and
 * its place among the Chat messages that message became. `toChatRequest` returns one per Chat message.
 */
export interface Origin {
  message: number;
  part: number;
}
