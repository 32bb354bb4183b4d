import type { RelayPlugin, UpstreamAttempt } from '@llm-relay/core';
import type { AdminStore } from './admin-store.js';
import { ATTEMPTS, captureEntry } from './request-entry.js';

/**
 * The admin page's bookkeeping, as one more reader of the handler's hooks (the log line and the metrics
 * read the same record): counts requests in flight, keeps each upstream attempt, and on `onResponse`
 * hands the finished request to the store by reference.
 */
export function adminPlugin(store: AdminStore): RelayPlugin {
  return {
    name: 'admin',
    onRequest(context) {
      store.inFlight += 1;
      context.state.adminInFlight = true;
    },
    onUpstreamAttempt(context, attempt) {
      const attempts = context.state[ATTEMPTS] as UpstreamAttempt[] | undefined;
      if (attempts === undefined) context.state[ATTEMPTS] = [attempt];
      else attempts.push(attempt);
    },
    onResponse(context) {
      if (context.state.adminInFlight === true) store.inFlight -= 1;
      store.add(captureEntry(context));
    },
  };
}
