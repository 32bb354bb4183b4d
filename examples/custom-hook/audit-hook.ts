// A custom hook: the same plugin interface the CLI's auth, rate limits, logs and metrics are built on.
// This one refuses requests without a ticket reference and keeps an audit trail of who used what.
import { RelayError, type RelayPlugin } from '@llm-relay/core';

export interface AuditEntry {
  ticket: string;
  model: string | undefined;
  promptTokens: number | undefined;
  status: number;
}

export function ticketAudit(trail: AuditEntry[]): RelayPlugin {
  return {
    name: 'ticket-audit',
    beforeForward(context) {
      const ticket = context.request.headers.get('x-ticket');
      if (ticket === null || !/^[A-Z]+-\d+$/.test(ticket)) {
        throw new RelayError({ status: 400, code: 'missing_ticket', param: 'x-ticket', message: 'Send an `x-ticket: ABC-123` header naming the work this request is for.' });
      }
      context.state.ticket = ticket;
      context.responseHeaders.set('x-ticket', ticket);
    },
    onResponse(context) {
      const ticket = context.state.ticket;
      if (typeof ticket === 'string') trail.push({ ticket, model: context.record.upstreamModel, promptTokens: context.record.promptTokens, status: context.record.status });
    },
  };
}
