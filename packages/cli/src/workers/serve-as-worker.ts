import type { RunningRelay } from '../start-relay.js';
import { shareMetrics } from './cluster-metrics.js';
import { isMessage, type ReadyMessage } from './worker-messages.js';

export interface WorkerOptions {
  /** The start-up banner; the primary prints the first worker's, once. */
  banner: string;
  graceMs: number;
  logLevel: string;
  logPretty: boolean;
}

/**
 * Runs a started relay as one worker of `--workers n`: tells the primary it is listening, and drains as a
 * single process does on SIGTERM when the primary asks (it got SIGTERM or SIGINT) or on a SIGTERM of its own.
 *
 * @example
 * serveAsWorker(await startRelay(config), { banner, graceMs: 10_000, logLevel: 'info', logPretty: false });
 */
export function serveAsWorker(relay: RunningRelay, { banner, graceMs, logLevel, logPretty }: WorkerOptions): void {
  shareMetrics(relay.metrics);
  let stopping = false;
  const drain = (signal: string, fromPrimary: boolean) => {
    if (stopping) {
      // The primary's word after a signal of our own (or the other way round) is the same request, not a second one.
      if (fromPrimary) return;
      process.exit(1);
    }
    stopping = true;
    relay.logger.info({ signal, graceMs }, 'shutting down');
    relay.stop(graceMs).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if (isMessage(message, 'llm-relay:drain')) drain(message.signal, true);
  });
  // Ctrl-C reaches every process of the terminal's group: the primary decides, and tells the workers.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => drain('SIGTERM', false));
  process.send?.({ type: 'llm-relay:ready', url: relay.url, banner, logLevel, logPretty } satisfies ReadyMessage);
}
