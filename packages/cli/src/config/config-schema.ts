import { z } from 'zod';

const url = z.string().refine((value) => {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a URL such as https://api.together.xyz');

const positive = z.number().int().positive();

const limits = z.object({ requestsPerMinute: positive.optional(), tokensPerMinute: positive.optional() }).strict();

const upstream = z
  .object({
    name: z.string().min(1),
    baseURL: url,
    /** Name of the environment variable holding the key; keys are never required inline. */
    apiKeyEnv: z.string().min(1).optional(),
    apiKey: z.string().min(1).optional(),
    /** Several keys of this provider, spread across and rested on 429 (inline; prefer `keysEnv`, or commas in `apiKeyEnv`'s variable). */
    keys: z.array(z.string().min(1)).min(1).optional(),
    /** Names of environment variables each holding a key (or a comma-separated list of keys). */
    keysEnv: z.array(z.string().min(1)).min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    timeoutMs: positive.optional(),
    streamIdleTimeoutMs: positive.optional(),
    /** `chat` (OpenAI-compatible, the default), `anthropic` (Messages; automatic for api.anthropic.com) or `responses`. */
    api: z.enum(['chat', 'anthropic', 'responses']).optional(),
    /** Send earlier reasoning back as `reasoning_content` (DeepSeek-style thinking models). */
    reasoningContent: z.boolean().optional(),
    /** `false`: no tool-call repair on this upstream's answers. */
    toolRepair: z.boolean().optional(),
  })
  .strict();

const target = z
  .object({
    upstream: z.string().min(1),
    model: z.string().min(1),
    contextWindow: positive.optional(),
    maxOutputTokens: positive.optional(),
    tokenFactor: z.number().positive().optional(),
  })
  .strict();

const model = target.extend({ alias: z.string().min(1), fallbacks: z.array(target).optional(), toolRepair: z.boolean().optional() }).strict();

export const TOOL_CALL_FAMILY_NAMES = [
  'hermes',
  'qwen3-coder',
  'seed-oss',
  'minimax-m2',
  'minimax-m1',
  'glm',
  'kimi-k2',
  'deepseek-v3',
  'deepseek-v3.1',
  'deepseek-dsml',
  'mistral',
  'llama3',
] as const;

const clientKey = z
  .object({
    name: z.string().min(1),
    key: z.string().min(8).optional(),
    keyEnv: z.string().min(1).optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
      .optional(),
    models: z.array(z.string().min(1)).optional(),
    limits: limits.optional(),
  })
  .strict()
  .refine((key) => [key.key, key.keyEnv, key.sha256].filter((v) => v !== undefined).length === 1, 'give exactly one of key, keyEnv or sha256');

/** The `llm-relay.config.json` / `.yaml` file. */
export const configSchema = z
  .object({
    server: z
      .object({ port: z.number().int().min(0).max(65535).optional(), host: z.string().optional() })
      .strict()
      .optional(),
    upstreams: z.array(upstream).min(1),
    models: z.array(model).min(1),
    clientKeys: z.array(clientKey).optional(),
    /** Redis for everything replicas share: rate limits (unless `rateLimits.store: memory`) and learned overflow corrections. */
    redis: z
      .object({ url: z.string().min(1).optional(), urlEnv: z.string().min(1).optional() })
      .strict()
      .refine((redis) => (redis.url === undefined) !== (redis.urlEnv === undefined), 'give exactly one of url or urlEnv')
      .optional(),
    rateLimits: z
      .object({
        /** Default: redis when `redis` is configured, else memory. */
        store: z.enum(['memory', 'redis']).optional(),
        redisUrl: z.string().optional(),
        redisUrlEnv: z.string().optional(),
        /** Limits for keys that set none (and for everyone when no keys are configured). */
        default: limits.optional(),
      })
      .strict()
      .optional(),
    retry: z
      .object({ attempts: positive.max(10).optional(), baseDelayMs: positive.optional(), maxDelayMs: positive.optional() })
      .strict()
      .optional(),
    context: z
      .object({
        enabled: z.boolean().optional(),
        defaultContextWindow: positive.optional(),
        maxPromptTokens: positive.optional(),
        maxMessageTokens: positive.optional(),
        lowWaterRatio: z.number().gt(0).lt(1).optional(),
        keepToolResults: positive.optional(),
        protectRecent: positive.optional(),
      })
      .strict()
      .optional(),
    toolRepair: z
      .object({ enabled: z.boolean().optional(), families: z.array(z.enum(TOOL_CALL_FAMILY_NAMES)).optional(), maxHeldChars: positive.optional() })
      .strict()
      .optional(),
    logging: z
      .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).optional(), pretty: z.boolean().optional() })
      .strict()
      .optional(),
    /** The live page (`/ui`) and admin API: the key comes from an environment variable, never from the file. */
    admin: z
      .object({ keyEnv: z.string().min(1).optional(), allowRemote: z.boolean().optional(), ringMiB: positive.optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, context) => {
    const names = new Set<string>();
    config.upstreams.forEach((u, i) => {
      if (names.has(u.name)) context.addIssue({ code: 'custom', path: ['upstreams', i, 'name'], message: `duplicate upstream name "${u.name}"` });
      names.add(u.name);
    });
    config.models.forEach((m, i) => {
      const check = (name: string, path: (string | number)[]) => {
        if (!names.has(name)) context.addIssue({ code: 'custom', path, message: `unknown upstream "${name}"; defined: ${[...names].join(', ')}` });
      };
      check(m.upstream, ['models', i, 'upstream']);
      m.fallbacks?.forEach((f, j) => check(f.upstream, ['models', i, 'fallbacks', j, 'upstream']));
    });
    if (config.rateLimits?.store === 'redis' && config.rateLimits.redisUrl === undefined && config.rateLimits.redisUrlEnv === undefined && config.redis === undefined) {
      context.addIssue({ code: 'custom', path: ['rateLimits', 'redisUrl'], message: 'the redis store needs redisUrl or redisUrlEnv here, or a top-level redis: { url } (or urlEnv)' });
    }
  });

export type RelayConfigFile = z.infer<typeof configSchema>;
