const VALID = /^[\w.:-]{1,128}$/;

/** The client's `x-request-id` when it is a sane token, else a new one. */
export function requestIdFor(request: Request): string {
  const given = request.headers.get('x-request-id');
  return given !== null && VALID.test(given) ? given : `relay-${crypto.randomUUID()}`;
}
