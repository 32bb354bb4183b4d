import { readFileSync } from 'node:fs';
import type { ModelRoute, RetryConfig, UpstreamConfig } from '@llm-relay/core';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { ClientKeyConfig } from '../start-relay.js';
import { configSchema, type RelayConfigFile } from './config-schema.js';

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
  redisUrl?: string;
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
    upstreams[u.name] = {
      baseURL: u.baseURL,
      apiKey: u.apiKeyEnv !== undefined ? fromEnv(u.apiKeyEnv, `upstreams[${i}].apiKeyEnv`) : u.apiKey,
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
      if (t.contextWindow !== undefined || t.maxOutputTokens !== undefined || t.tokenFactor !== undefined) {
        modelWindows[t.model] = { contextWindow: t.contextWindow, maxOutputTokens: t.maxOutputTokens, tokenFactor: t.tokenFactor };
      }
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
  const redisUrl = rate?.store === 'redis' ? (rate.redisUrlEnv !== undefined ? fromEnv(rate.redisUrlEnv, 'rateLimits.redisUrlEnv') : rate.redisUrl) : undefined;
  return { upstreams, routes, modelWindows, clientKeys, defaultLimits: rate?.default, redisUrl, retry: file.retry, file };
}
