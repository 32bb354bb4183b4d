import { readFileSync } from 'node:fs';
import type { ModelRoute, RetryConfig, UpstreamConfig } from '@llm-relay/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { ClientKeyConfig } from '../start-relay.js';
import { configSchema, type RelayConfigFile } from './config-schema.js';
import { splitKeys } from './split-keys.js';

/** A config file mistake: says which file, where in it, and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfigFile(path: string): RelayConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${path} is invalid:\n${formatIssues(parsed.error)}`);
  return parsed.data;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
      return `  - ${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}

export interface ResolvedConfig {
  upstreams: Record<string, UpstreamConfig>;
  routes: ModelRoute[];
  modelWindows: Record<string, { contextWindow?: number; maxOutputTokens?: number; tokenFactor?: number }>;
  clientKeys: ClientKeyConfig[];
  defaultLimits?: { requestsPerMinute?: number; tokensPerMinute?: number };
  /** The rate limits' Redis, when their store is redis. */
  redisUrl?: string;
  /** The Redis replicas share learned corrections through: the top-level `redis`, else the rate limits' one. */
  sharedRedisUrl?: string;
  retry?: RetryConfig;
  file: RelayConfigFile;
}

/** Turns the file into relay options, reading the environment variables it refers to. */
export function resolveConfig(file: RelayConfigFile, env: NodeJS.ProcessEnv, path: string): ResolvedConfig {
  const fromEnv = (name: string, where: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new ConfigError(`${path}: ${where} names the environment variable ${name}, which is not set`);
    return value;
  };
  const upstreams: Record<string, UpstreamConfig> = {};
  file.upstreams.forEach((u, i) => {
    const keys = [
      ...(u.apiKeyEnv !== undefined ? splitKeys(fromEnv(u.apiKeyEnv, `upstreams[${i}].apiKeyEnv`)) : u.apiKey !== undefined ? [u.apiKey] : []),
      ...(u.keys ?? []),
      ...(u.keysEnv ?? []).flatMap((name, k) => splitKeys(fromEnv(name, `upstreams[${i}].keysEnv[${k}]`))),
    ];
    upstreams[u.name] = {
      baseURL: u.baseURL,
      apiKey: keys[0],
      apiKeys: keys.length > 1 ? keys : undefined,
      headers: u.headers,
      timeoutMs: u.timeoutMs,
      streamIdleTimeoutMs: u.streamIdleTimeoutMs,
      api: u.api,
      reasoningContent: u.reasoningContent,
      toolRepair: u.toolRepair,
    };
  });
  const modelWindows: ResolvedConfig['modelWindows'] = {};
  const routes: ModelRoute[] = file.models.map((m) => {
    const targets = [m, ...(m.fallbacks ?? [])];
    for (const t of targets) {
      // Only the limits the file sets: an undefined key would override the built-in value (a window without
      // maxOutputTokens left the output reserve NaN, and the context engine never cut).
      const limits: ResolvedConfig['modelWindows'][string] = {};
      if (t.contextWindow !== undefined) limits.contextWindow = t.contextWindow;
      if (t.maxOutputTokens !== undefined) limits.maxOutputTokens = t.maxOutputTokens;
      if (t.tokenFactor !== undefined) limits.tokenFactor = t.tokenFactor;
      if (Object.keys(limits).length > 0) modelWindows[t.model] = limits;
    }
    return { match: m.alias, targets: targets.map((t) => ({ upstream: t.upstream, model: t.model })), toolRepair: m.toolRepair };
  });
  const clientKeys: ClientKeyConfig[] = (file.clientKeys ?? []).map((k, i) => ({
    name: k.name,
    key: k.keyEnv !== undefined ? fromEnv(k.keyEnv, `clientKeys[${i}].keyEnv`) : k.key,
    sha256: k.sha256,
    models: k.models,
    limits: k.limits,
  }));
  const rate = file.rateLimits;
  const topRedis = file.redis === undefined ? undefined : file.redis.urlEnv !== undefined ? fromEnv(file.redis.urlEnv, 'redis.urlEnv') : file.redis.url;
  const store = rate?.store ?? (topRedis !== undefined ? 'redis' : 'memory');
  const ownRedis = store === 'redis' && rate?.redisUrlEnv !== undefined ? fromEnv(rate.redisUrlEnv, 'rateLimits.redisUrlEnv') : rate?.redisUrl;
  const redisUrl = store === 'redis' ? (ownRedis ?? topRedis) : undefined;
  return { upstreams, routes, modelWindows, clientKeys, defaultLimits: rate?.default, redisUrl, sharedRedisUrl: topRedis ?? redisUrl, retry: file.retry, file };
}
