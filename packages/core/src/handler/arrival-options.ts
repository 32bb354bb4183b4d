import type { RelayHandlerOptions } from '../options/relay-options.js';
import type { RequestRecord } from '../plugins/request-record.js';
import { arrivalKeepBytes } from '../routing/arrival-keep.js';
import type { ReadJsonBodyOptions } from '../util/read-json-body.js';

/** A large body's texts longer than any route of its model could keep are cut as it is read (see `bodyTextSteps`), and the record says so. */
export function arrivalOptions(options: RelayHandlerOptions, record: RequestRecord): ReadJsonBodyOptions {
  return {
    keepBytes: (model) => arrivalKeepBytes(model, options),
    onCut: (cut) => {
      record.cutOnArrival = cut;
    },
  };
}
