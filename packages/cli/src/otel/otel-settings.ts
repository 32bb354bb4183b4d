/** Where and as what the relay sends its traces. */
export interface OtelSettings {
  /** The full OTLP/HTTP traces URL, e.g. `http://localhost:4318/v1/traces`. */
  endpoint: string;
  /** Sent with every export (a collector's auth header, ...); never logged. */
  headers: Record<string, string>;
  serviceName: string;
}

export const DEFAULT_SERVICE_NAME = 'llm-relay';
const TRACES_PATH = 'v1/traces';

/**
 * The tracing settings from the `--otlp-endpoint` flag and the standard OpenTelemetry variables, or
 * `undefined` when tracing is off. The flag wins; `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is used as given;
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (and the flag) is a base that gets `/v1/traces` appended unless it already
 * ends so. Headers come from `OTEL_EXPORTER_OTLP_HEADERS`, overridden by `OTEL_EXPORTER_OTLP_TRACES_HEADERS`.
 *
 * @example
 * otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' } });
 * // { endpoint: 'http://collector:4318/v1/traces', headers: {}, serviceName: 'llm-relay' }
 */
export function otelSettings({ flag, env }: { flag?: string; env: Record<string, string | undefined> }): OtelSettings | undefined {
  const given = nonEmpty(flag);
  // The standard switches turn the environment's tracing off; an explicit flag is the user asking for it.
  if (given === undefined && (isTrue(env.OTEL_SDK_DISABLED) || env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none')) return undefined;
  const signal = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  let endpoint: string;
  if (given !== undefined) endpoint = tracesUrl(checkedUrl(given, '--otlp-endpoint'));
  else if (signal !== undefined) endpoint = checkedUrl(signal, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  else if (base !== undefined) endpoint = tracesUrl(checkedUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT'));
  else return undefined;
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL)?.trim();
  if (protocol === 'grpc') {
    throw new Error("llm-relay exports traces over OTLP/HTTP, not gRPC: unset OTEL_EXPORTER_OTLP_PROTOCOL=grpc and point the endpoint at the collector's HTTP port (usually 4318).");
  }
  return {
    endpoint,
    headers: { ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS, 'OTEL_EXPORTER_OTLP_HEADERS'), ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') },
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? DEFAULT_SERVICE_NAME,
  };
}

/** `key1=value1,key2=value2`, values percent-encoded (the W3C baggage form the OpenTelemetry spec uses). */
export function parseHeaders(text: string | undefined, source: string): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === undefined) return headers;
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const name = at === -1 ? '' : pair.slice(0, at).trim();
    // The pair may hold a secret: the message names its position, never its text.
    if (name === '' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`${source} must be name=value pairs separated by commas; one pair has no valid header name.`);
    headers[name.toLowerCase()] = decode(pair.slice(at + 1).trim(), source, name);
  }
  return headers;
}

function decode(value: string, source: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error(`${source}: the value of ${name} is not valid percent-encoding (write a literal % as %25).`);
  }
}

function checkedUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${source} is not a URL: give the collector's OTLP/HTTP address, e.g. http://localhost:4318`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${source} must be an http:// or https:// URL (OTLP/HTTP), not ${url.protocol}`);
  return text;
}

/** A base endpoint with the traces path appended, as the spec says for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
function tracesUrl(base: string): string {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(`/${TRACES_PATH}`)) return base;
  url.pathname = `${path}/${TRACES_PATH}`;
  return url.toString();
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}

/**
 * The endpoint as a banner may show it: credentials and query (where collectors' tokens tend to go) left out.
 *
 * @example displayEndpoint('https://user:pw@otel.example.com/v1/traces?token=x') // 'https://otel.example.com/v1/traces'
 */
export function displayEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}${url.pathname}`;
}
