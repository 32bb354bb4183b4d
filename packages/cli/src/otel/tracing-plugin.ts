import type { RelayContext, RelayPlugin, RelayRoute, UpstreamAttempt, UpstreamCallStart } from '@llm-relay/core';
import type { Context, Span, TextMapGetter, TextMapPropagator, Tracer } from '@opentelemetry/api';
import { attemptOutcomeAttributes, attemptStartAttributes } from './attempt-span-attributes.js';
import { genAiSpanName, requestErrorType, requestSpanAttributes } from './request-span-attributes.js';

/** The parts of `@opentelemetry/api` the plugin uses, handed in so that the API is loaded only with tracing on. */
export type TracingApi = Pick<typeof import('@opentelemetry/api'), 'trace' | 'ROOT_CONTEXT' | 'SpanKind' | 'SpanStatusCode' | 'defaultTextMapSetter'>;

/** One request's spans while it runs, kept on `context.state`. */
interface RequestTrace {
  span: Span;
  /** The request span as a parent for the attempt spans. */
  parent: Context;
  /** Attempt spans started in `beforeUpstream`, waiting for their outcome, by attempt number. */
  open: Map<number, Span> | undefined;
  /** The relay's error code, when the request ended in a `RelayError`. */
  errorCode: string | undefined;
}

const STATE_KEY = 'otel.trace';
// Conversations are what the GenAI conventions describe; health checks and model lists would be noise.
const TRACED: ReadonlySet<RelayRoute> = new Set<RelayRoute>(['chat', 'messages', 'responses']);
// The client's trace context, read from the Web `Headers` the core hands over.
const HEADERS_GETTER: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/**
 * The relay's hooks as OpenTelemetry spans: one SERVER span per conversation request, a CLIENT child per
 * upstream call, both with their real start and end times (the core reports them; the spans are made from
 * the report, not timed again). The attempt span is opened right before its call so that the upstream's
 * `traceparent` names it; a client's valid `traceparent` makes the request span its child.
 *
 * @example
 * const plugin = tracingPlugin(provider.getTracer('llm-relay'), api, new W3CTraceContextPropagator());
 */
export function tracingPlugin(tracer: Tracer, api: TracingApi, propagator: TextMapPropagator): RelayPlugin {
  const { trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapSetter } = api;

  function requestTrace(context: RelayContext): RequestTrace | undefined {
    const existing = context.state[STATE_KEY] as RequestTrace | undefined;
    if (existing !== undefined || !TRACED.has(context.route)) return existing;
    const remote = propagator.extract(ROOT_CONTEXT, context.request.headers, HEADERS_GETTER);
    const span = tracer.startSpan(genAiSpanName(context.record.model), { kind: SpanKind.SERVER, startTime: context.record.startedAt }, remote);
    const started: RequestTrace = { span, parent: trace.setSpan(ROOT_CONTEXT, span), open: undefined, errorCode: undefined };
    context.state[STATE_KEY] = started;
    return started;
  }

  function startAttempt(request: RequestTrace, call: Pick<UpstreamAttempt, 'upstream' | 'model' | 'attempt' | 'startedAt'>): Span {
    const options = { kind: SpanKind.CLIENT, startTime: call.startedAt, attributes: attemptStartAttributes(call) };
    return tracer.startSpan(genAiSpanName(call.model), options, request.parent);
  }

  function endAttempt(span: Span, attempt: UpstreamAttempt): void {
    if (span.isRecording()) {
      const attributes = attemptOutcomeAttributes(attempt);
      span.setAttributes(attributes);
      if (attributes['error.type'] !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(attempt.startedAt + attempt.durationMs);
  }

  return {
    name: 'otel-tracing',
    beforeUpstream(context: RelayContext, call: UpstreamCallStart) {
      const request = requestTrace(context);
      if (request === undefined) return;
      const span = startAttempt(request, call);
      (request.open ??= new Map()).set(call.attempt, span);
      // Only the trace headers are written; the call's other headers (the provider key) are not read.
      propagator.inject(trace.setSpan(ROOT_CONTEXT, span), call.headers, defaultTextMapSetter);
    },
    onUpstreamAttempt(context, attempt) {
      const request = requestTrace(context);
      if (request === undefined) return;
      const open = request.open?.get(attempt.attempt);
      if (open !== undefined) request.open?.delete(attempt.attempt);
      // A target that could not even build its request reports an attempt that never reached `beforeUpstream`.
      endAttempt(open ?? startAttempt(request, attempt), attempt);
    },
    onError(context, error) {
      const request = requestTrace(context);
      if (request !== undefined) request.errorCode = error.code ?? undefined;
    },
    onResponse(context) {
      const request = requestTrace(context);
      if (request === undefined) return;
      const { record } = context;
      const end = record.startedAt + record.durationMs;
      // Calls still open when the request ended: the client went away while they were under way.
      for (const span of request.open?.values() ?? []) {
        span.setAttribute('error.type', 'client_closed_request');
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end(end);
      }
      const { span } = request;
      if (span.isRecording()) {
        const errorType = requestErrorType(record, request.errorCode);
        span.updateName(genAiSpanName(record.model));
        span.setAttributes(requestSpanAttributes(record, errorType));
        if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: record.error?.slice(0, 500) });
      }
      span.end(end);
    },
  };
}
