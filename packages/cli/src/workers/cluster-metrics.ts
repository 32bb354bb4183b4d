import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import { isMessage, type MetricsAnswer, type MetricsRequest } from './worker-messages.js';

// The primary gives prom-client 5 s to hear from every worker; past this the worker stops waiting.
const ANSWER_TIMEOUT_MS = 10_000;

/**
 * A worker's `/metrics` registry: its text is every worker's metrics summed (prom-client's
 * AggregatorRegistry, run by the primary). The workers share one port, so a scrape reaches whichever
 * worker the connection went to; a single worker's counters would jump between workers from one scrape
 * to the next, which Prometheus reads as resets.
 */
export class ClusterMetricsRegistry extends Registry {
  #nextId = 0;
  #waiting = new Map<number, (answer: MetricsAnswer) => void>();

  constructor() {
    super();
    process.on('message', (message: unknown) => {
      if (isMessage(message, 'llm-relay:metrics-answer')) this.#waiting.get(message.id)?.(message);
    });
  }

  override metrics(): Promise<string> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle({ type: 'llm-relay:metrics-answer', id, error: `no answer from the primary process within ${ANSWER_TIMEOUT_MS} ms` }), ANSWER_TIMEOUT_MS);
      const settle = (answer: MetricsAnswer) => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new Error(`metrics of the workers: ${answer.error ?? 'no text'}`));
      };
      this.#waiting.set(id, settle);
      process.send?.({ type: 'llm-relay:metrics-request', id } satisfies MetricsRequest);
    });
  }
}

/** In a worker: hands `registry` to the primary when it gathers every worker's metrics. */
export function shareMetrics(registry: Registry): void {
  // Constructing one in the worker is what makes prom-client answer the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** In the primary: answers the workers' {@link MetricsRequest}s with every worker's metrics summed. */
export function answerMetricsRequests(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message, 'llm-relay:metrics-request')) return;
    const reply = (answer: Omit<MetricsAnswer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: 'llm-relay:metrics-answer', id: message.id, ...answer } satisfies MetricsAnswer);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
