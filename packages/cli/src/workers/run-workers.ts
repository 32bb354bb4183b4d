import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { createLogger } from '../logger.js';
import { answerMetricsRequests } from './cluster-metrics.js';
import { CrashBudget, type CrashBudgetOptions, DEFAULT_CRASH_BUDGET } from './crash-budget.js';
import { type DrainMessage, isMessage } from './worker-messages.js';
import { workerExecArgv } from './young-generation.js';

export interface WorkersOptions {
  /** Worker processes (more than 1: one is served without a cluster). */
  count: number;
  /** How long the workers' in-flight requests may finish on SIGTERM or SIGINT. */
  graceMs: number;
  crashBudget?: CrashBudgetOptions;
}

// A worker cuts what is left when the grace period ends; this margin is for one that does not exit even then.
const EXIT_MARGIN_MS = 3_000;

/**
 * The primary of `--workers n`: forks `count` workers, each running the same command (the serve path),
 * sharing one port through Node's cluster; prints the first worker's banner once all listen; restarts a
 * worker that dies, with a back-off and a budget; drains them all on SIGTERM or SIGINT.
 *
 * The first worker starts alone: a wrong config or a port in use then fails once, with the worker's own
 * message, rather than once per worker.
 *
 * @example
 * if (cluster.isPrimary) runWorkers({ count: 4, graceMs: 10_000 });
 */
export function runWorkers({ count, graceMs, crashBudget = DEFAULT_CRASH_BUDGET }: WorkersOptions): void {
  const budget = new CrashBudget(crashBudget);
  const alive = new Map<number, Worker>();
  const listening = new Set<number>();
  const restarts = new Set<NodeJS.Timeout>();
  let url: string | undefined;
  let banner = '';
  // Made from the first worker's logging settings (flags and config file, which only the workers read).
  let logger: Promise<Logger> | undefined;
  let bannerShown = false;
  let stopping = false;
  let exitCode = 0;

  const log = (write: (logger: Logger) => void) => void logger?.then(write);
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS) });
  const fork = () => {
    const worker = cluster.fork();
    alive.set(worker.id, worker);
    // A message to a worker that is dying fails; its exit is handled below.
    worker.on('error', () => undefined);
  };

  const stop = (signal: string) => {
    if (stopping) {
      // A second signal: stop waiting.
      for (const worker of alive.values()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    log((l) => l.info({ signal, graceMs, workers: alive.size }, 'shutting down'));
    for (const worker of alive.values()) {
      if (listening.has(worker.id) && worker.isConnected()) worker.send({ type: 'llm-relay:drain', signal } satisfies DrainMessage);
      // One still starting has nothing in flight.
      else worker.process.kill('SIGTERM');
    }
    if (alive.size === 0) process.exit(exitCode);
    setTimeout(() => {
      process.stderr.write(`llm-relay: ${alive.size} worker(s) still running ${graceMs + EXIT_MARGIN_MS} ms after ${signal}: killing them\n`);
      for (const worker of alive.values()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, graceMs + EXIT_MARGIN_MS);
  };
  const giveUp = (message: string) => {
    process.stderr.write(`llm-relay: ${message}\n`);
    exitCode = 1;
    stop('SIGTERM');
  };

  answerMetricsRequests();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message, 'llm-relay:ready') || stopping) return;
    if (url === undefined) {
      url = message.url;
      banner = message.banner;
      logger = createLogger(message.logLevel, undefined, message.logPretty);
      for (let i = 1; i < count; i += 1) fork();
    } else if (message.url !== url) {
      // With --port 0, workers share the port the first one was given, until none is left to hold it.
      return giveUp(`worker ${worker.id} listens on ${message.url}, the others on ${url}: with --port 0 this happens when every worker died at once; give a fixed --port`);
    }
    listening.add(worker.id);
    if (!bannerShown && listening.size === count) {
      bannerShown = true;
      process.stderr.write(banner);
      log((l) => l.info({ url, workers: count }, 'workers listening'));
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    const wasListening = listening.delete(worker.id);
    if (stopping) {
      if (wasListening && code !== 0) exitCode = 1;
      if (alive.size === 0) process.exit(exitCode);
      return;
    }
    if (url === undefined) {
      // The first worker did not start. Its own message on stderr says why (a config error, a port in use).
      if (signal !== null) process.stderr.write(`llm-relay: the first worker was stopped by ${signal} before it listened\n`);
      process.exit(code === null || code === 0 ? 1 : code);
    }
    const delayMs = budget.record(Date.now());
    const fields = { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delayMs, crashesInWindow: budget.recent };
    if (delayMs === undefined) {
      log((l) => l.error(fields, 'worker exited; too many crashes, not restarting'));
      const how = signal !== null ? `killed by ${signal}` : `exit code ${code}`;
      return giveUp(`workers exited ${budget.recent} times within ${crashBudget.windowMs / 1000} s (the last, worker ${worker.id}: ${how}); giving up. The log lines on stdout say why.`);
    }
    log((l) => l.warn(fields, 'worker exited; restarting it'));
    const timer = setTimeout(() => {
      restarts.delete(timer);
      fork();
    }, delayMs);
    restarts.add(timer);
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  fork();
}
