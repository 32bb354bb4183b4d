import { estimateTokens } from '../context/estimate-tokens.js';
import { prepareCooperatively } from '../context/prepare-cooperatively.js';
import { encodingForModel, loadEncoding } from '../context/tokenizer.js';
import { DEFAULT_MAX_BODY_BYTES, type RelayHandlerOptions } from '../options/relay-options.js';
import type { RelayContext } from '../plugins/relay-plugin.js';
import type { FrontDoor } from '../protocols/front-door.js';
import { resolveTargets } from '../routing/resolve-targets.js';
import { readJsonBody } from '../util/read-json-body.js';

/**
 * POST /v1/messages/count_tokens, answered locally: the request converted as it would be forwarded,
 * counted with the relay's own tokenizer for the model it routes to. IDE clients send dozens of these at
 * start-up, so no upstream call is spent on them.
 */
export async function countTokensAnswer(context: RelayContext, door: FrontDoor, options: RelayHandlerOptions): Promise<{ input_tokens: number }> {
  const decoded = door.decode(await readJsonBody(context.request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES));
  context.record.model = decoded.model;
  const model = resolveTargets(decoded.model, options)[0]?.model;
  await loadEncoding(encodingForModel(model));
  const input = await prepareCooperatively(() => estimateTokens(decoded.chat, { model }), { signal: context.request.signal });
  return { input_tokens: input };
}
