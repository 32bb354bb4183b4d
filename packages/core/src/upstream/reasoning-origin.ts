import { fnv1aHex64 } from '../util/fnv1a.js';
import { keyFingerprint } from './key-fingerprint.js';

/**
 * Who can read a provider's encrypted reasoning: the upstream (its base URL) and the provider key that
 * asked for it, as a hash (it goes to the client inside the history, so never the key itself). OpenAI
 * refuses reasoning encrypted for another organisation, and another provider cannot read it at all.
 *
 * @example reasoningOrigin('https://api.openai.com/v1', 'sk-...') // '9c1f0a7e44b2d613'
 */
export function reasoningOrigin(baseURL: string, apiKey: string | undefined): string {
  return fnv1aHex64(`${baseURL}\n${apiKey === undefined || apiKey === '' ? '' : keyFingerprint(apiKey)}`);
}
