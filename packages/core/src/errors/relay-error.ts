const marker = Symbol.for('llm-relay.error');

export type RelayErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'api_error' | 'timeout_error' | 'upstream_error';

export interface RelayErrorInit {
  status: number;
  message: string;
  type?: RelayErrorType;
  code?: string | null;
  param?: string | null;
  headers?: Record<string, string>;
  cause?: unknown;
  /** For a prompt over the window: what it needs and the most that fits, in tokens, when known. */
  contextLength?: ContextLengthNumbers;
}

export interface ContextLengthNumbers {
  needed: number;
  maximum: number;
}

/**
 * An error that knows how it is answered: status and OpenAI-shaped body.
 * `RelayError.isInstance` survives two installed copies of the package, where `instanceof` does not.
 *
 * @example throw new RelayError({ status: 400, message: '`messages` must be an array', param: 'messages' });
 */
export class RelayError extends Error {
  readonly [marker] = true;
  readonly status: number;
  readonly type: RelayErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly contextLength: ContextLengthNumbers | undefined;

  constructor(init: RelayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'RelayError';
    this.status = init.status;
    this.type = init.type ?? defaultType(init.status);
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.headers = init.headers ?? {};
    this.contextLength = init.contextLength;
  }

  static isInstance(value: unknown): value is RelayError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

function defaultType(status: number): RelayErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status === 502) return 'upstream_error';
  return status < 500 ? 'invalid_request_error' : 'api_error';
}
