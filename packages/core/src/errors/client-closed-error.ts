import { RelayError } from './relay-error.js';

/** The client left before an answer: logged as 499, never seen by anyone. */
export function clientClosedError(): RelayError {
  return new RelayError({ status: 499, type: 'invalid_request_error', code: 'client_closed_request', message: 'The client closed the request.' });
}
