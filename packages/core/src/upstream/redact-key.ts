/** A provider's text with every echo of the relay's key taken out (some providers quote the key they refused). */
export function redactKey(text: string, apiKey: string | undefined): string {
  return apiKey !== undefined && apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text;
}
