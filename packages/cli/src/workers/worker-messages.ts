// What the primary and its workers say to each other over the cluster's IPC channel. The type names carry
// a prefix because the channel is shared (prom-client's metrics requests travel on it too).

/** A worker is listening: the primary prints the first one's banner once every worker has said so. */
export interface ReadyMessage {
  type: 'llm-relay:ready';
  url: string;
  banner: string;
  /** The worker's resolved logging (flags and config file), for the primary's own log lines. */
  logLevel: string;
  logPretty: boolean;
}

/** A worker was asked for /metrics and wants every worker's sum. */
export interface MetricsRequest {
  type: 'llm-relay:metrics-request';
  id: number;
}

/** The primary's answer to a {@link MetricsRequest}. */
export interface MetricsAnswer {
  type: 'llm-relay:metrics-answer';
  id: number;
  text?: string;
  error?: string;
}

/** The primary's signal to finish in-flight requests and exit, as SIGTERM does to a single process. */
export interface DrainMessage {
  type: 'llm-relay:drain';
  signal: string;
}

type Message = ReadyMessage | MetricsRequest | MetricsAnswer | DrainMessage;

/** Narrows what came over the channel to one of our messages by its type. */
export function isMessage<T extends Message['type']>(message: unknown, type: T): message is Extract<Message, { type: T }> {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
