import type { UpstreamFailure } from '../../upstream/upstream-failure.js';
import { openAIUpstreamFailure } from '../openai-chat-upstream/upstream-error.js';
import type { UpstreamErrorAnswer } from '../upstream-codec.js';

/** A Responses provider's error answer: OpenAI's error shape, as Chat providers send it. */
export function responsesUpstreamFailure(answer: UpstreamErrorAnswer): UpstreamFailure {
  return openAIUpstreamFailure(answer, 'responses');
}
