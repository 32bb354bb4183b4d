/**
 * Headers on every admin answer: nothing may be loaded from elsewhere, framed, cached or sniffed. The page
 * runs only its own script and style files (no inline code), and talks only to this origin.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** A JSON answer with the admin security headers. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...SECURITY_HEADERS, 'content-type': 'application/json' } });
}

/** An error in the relay's OpenAI-shaped form, with the admin security headers. */
export function adminError(status: number, code: string, message: string): Response {
  const type = status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : status === 404 ? 'not_found_error' : 'invalid_request_error';
  return json({ error: { message, type, param: null, code } }, status);
}

/** Adds the admin security headers to a response made elsewhere (the event stream). */
export function secured(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}
