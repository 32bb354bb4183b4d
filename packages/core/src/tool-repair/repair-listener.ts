import type { RequestRecord } from '../plugins/request-record.js';
import type { RepairListener } from './repair-report.js';

// A stream of thousands of parallel calls must not grow one log line without end.
const MAX_LISTED = 100;

/** Writes repairs into the request's record, which the log line and the metrics read. */
export function repairListener(record: RequestRecord): RepairListener {
  return {
    repaired(call) {
      record.repaired ??= [];
      if (record.repaired.length < MAX_LISTED) record.repaired.push(call);
    },
    unrepaired(call) {
      record.unrepaired ??= [];
      if (record.unrepaired.length < MAX_LISTED) record.unrepaired.push(call);
    },
  };
}
