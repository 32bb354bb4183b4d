import { describe, expect, it } from 'vitest';
import { displayEndpoint, otelSettings, parseHeaders } from './otel-settings.js';

describe('otelSettings', () => {
  it('is off without a flag or an endpoint variable', () => {
    expect(otelSettings({ env: {} })).toBeUndefined();
    expect(otelSettings({ flag: '  ', env: { OTEL_SERVICE_NAME: 'x' } })).toBeUndefined();
  });

  it('appends /v1/traces to the base endpoint, once', () => {
    expect(otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' } })?.endpoint).toBe('http://collector:4318/v1/traces');
    expect(otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/prefix/' } })?.endpoint).toBe('https://otel.example.com/prefix/v1/traces');
    expect(otelSettings({ flag: 'http://127.0.0.1:4318/v1/traces', env: {} })?.endpoint).toBe('http://127.0.0.1:4318/v1/traces');
  });

  it('uses the traces endpoint as given, and the flag over both variables', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom' };
    expect(otelSettings({ env })?.endpoint).toBe('http://traces:9999/custom');
    expect(otelSettings({ flag: 'http://flag:4318', env })?.endpoint).toBe('http://flag:4318/v1/traces');
  });

  it('names the service llm-relay unless OTEL_SERVICE_NAME says otherwise', () => {
    expect(otelSettings({ flag: 'http://c:4318', env: {} })?.serviceName).toBe('llm-relay');
    expect(otelSettings({ flag: 'http://c:4318', env: { OTEL_SERVICE_NAME: 'relay-eu' } })?.serviceName).toBe('relay-eu');
  });

  it('merges the headers, the traces ones winning', () => {
    const settings = otelSettings({
      flag: 'http://c:4318',
      env: { OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Basic%20abc, x-tenant=a', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=b' },
    });
    expect(settings?.headers).toEqual({ authorization: 'Basic abc', 'x-tenant': 'b' });
  });

  it('honours the standard off switches, unless the flag asks for tracing', () => {
    expect(otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' } })).toBeUndefined();
    expect(otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' } })).toBeUndefined();
    expect(otelSettings({ flag: 'http://c:4318', env: { OTEL_SDK_DISABLED: 'true' } })?.endpoint).toBe('http://c:4318/v1/traces');
  });

  it('refuses what it cannot send to, naming the fix', () => {
    expect(() => otelSettings({ flag: 'collector:4318', env: {} })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => otelSettings({ flag: 'not a url', env: {} })).toThrow(/--otlp-endpoint is not a URL/);
    expect(() => otelSettings({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } })).toThrow(/not gRPC/);
  });
});

describe('parseHeaders', () => {
  it('never repeats a value in its errors', () => {
    const secret = 'sk-secret-value-123';
    expect(() => parseHeaders(`=${secret}`, 'OTEL_EXPORTER_OTLP_HEADERS')).toThrow(/no valid header name/);
    try {
      parseHeaders(`token=${secret}%zz`, 'OTEL_EXPORTER_OTLP_HEADERS');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/percent-encoding/);
      expect(String(error)).not.toContain(secret);
    }
  });

  it('skips empty pairs and keeps = inside values', () => {
    expect(parseHeaders('a=1,,b=x=y', 'X')).toEqual({ a: '1', b: 'x=y' });
  });
});

describe('displayEndpoint', () => {
  it('leaves out credentials and the query', () => {
    expect(displayEndpoint('https://user:pw@otel.example.com:4318/v1/traces?token=x')).toBe('https://otel.example.com:4318/v1/traces');
  });
});
