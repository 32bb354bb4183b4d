import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { configSchema } from 'llm-relay';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

// The deploy files are checked offline against the published schemas: the Compose Specification's JSON schema
// (as dclint, a compose linter, ships it) and Kubernetes' OpenAPI schemas (compiled into kubernetes-models,
// Kubernetes 1.27).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');
const { $schema: draft, ...composeSchema } = JSON.parse(read('node_modules/dclint/schemas/compose.schema.json')) as { $schema: string };
if (!draft.includes('draft-07')) throw new Error(`the compose schema is now ${draft}: choose the matching Ajv class`);
// Not strict: the schema carries annotations (deprecated, x- extensions) that Ajv's strict mode refuses.
const validateCompose = new Ajv({ strict: false, allErrors: true }).compile(composeSchema);

const models = { 'apps/v1/Deployment': Deployment, 'v1/ConfigMap': ConfigMap, 'v1/Secret': Secret, 'v1/Service': Service, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget };

/** Validates one manifest against its kind's schema; throws with the schema's complaint. */
function validateManifest(manifest: { apiVersion?: string; kind?: string }): void {
  const Model = models[`${manifest.apiVersion}/${manifest.kind}` as keyof typeof models];
  if (Model === undefined) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest as never).validate();
}

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
function manifests(): Map<string, Manifest[]> {
  const dir = 'deploy/kubernetes/';
  const files = readdirSync(`${root}${dir}`).filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml');
  return new Map(files.map((name) => [name, parseAllDocuments(read(`${dir}${name}`)).map((doc) => doc.toJS() as Manifest)]));
}

function relayConfig(text: string) {
  return configSchema.parse(parseYaml(text));
}

describe('compose.yaml', () => {
  const compose = parseYaml(read('compose.yaml')) as {
    services: Record<
      string,
      { env_file?: string; environment?: Record<string, string>; volumes?: string[]; depends_on?: Record<string, unknown>; ports?: string[]; stop_grace_period?: string; read_only?: boolean }
    >;
  };

  it('is valid against the compose-spec schema', () => {
    expect(validateCompose(compose), JSON.stringify(validateCompose.errors)).toBe(true);
  });

  it('fails the schema when broken', () => {
    const broken = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    broken.services.relay!.stop_grace = '15s';
    expect(validateCompose(broken)).toBe(false);
    const badPorts = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    badPorts.services.relay!.ports = '8080:8080';
    expect(validateCompose(badPorts)).toBe(false);
  });

  it('runs the relay with Redis, a mounted config file that the relay accepts, and keys from .env', () => {
    const relay = compose.services.relay!;
    expect(compose.services.redis).toBeDefined();
    expect(relay.env_file).toBe('.env');
    expect(relay.depends_on).toHaveProperty('redis');
    expect(relay.environment?.REDIS_URL).toBe('redis://redis:6379');
    const mount = relay.volumes?.find((volume) => volume.endsWith(':ro') && volume.includes(relay.environment?.LLM_RELAY_CONFIG ?? '?'));
    expect(mount).toBeDefined();
    const config = relayConfig(read((mount as string).split(':')[0]!.replace(/^\.\//, '')));
    expect(config.redis?.urlEnv).toBe('REDIS_URL');
    expect(config.upstreams[0]?.apiKeyEnv).toBe('LLM_PROVIDER_KEY');
    // Every variable the config names is in .env.example, so a copy of it starts the relay.
    const example = read('.env.example');
    for (const name of [config.upstreams[0]?.apiKeyEnv, ...(config.clientKeys ?? []).map((key) => key.keyEnv)]) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
    // The relay drains for 10 s by default: compose must wait longer before killing it.
    expect(Number.parseInt(relay.stop_grace_period ?? '0', 10)).toBeGreaterThan(10);
  });
});

describe('deploy/kubernetes', () => {
  const all = manifests();
  const byKind = (kind: string) => [...all.values()].flat().filter((manifest) => manifest.kind === kind);

  it('validates every manifest against the Kubernetes schemas', () => {
    expect([...all.keys()].sort()).toEqual(['configmap.yaml', 'deployment.yaml', 'pod-disruption-budget.yaml', 'secret.example.yaml', 'service.yaml']);
    for (const [file, documents] of all) {
      for (const manifest of documents) expect(() => validateManifest(manifest), file).not.toThrow();
    }
  });

  it('fails a broken manifest', () => {
    const deployment = byKind('Deployment')[0]!;
    const wrongType = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    wrongType.spec.replicas = 'two';
    expect(() => validateManifest(wrongType as unknown as Manifest)).toThrow(/replicas/);
    const wrongPort = structuredClone(deployment) as unknown as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    wrongPort.spec.template.spec.containers[0]!.ports[0]!.containerPort = '8080';
    expect(() => validateManifest(wrongPort as unknown as Manifest)).toThrow(/containerPort/);
    const noName = structuredClone(deployment) as unknown as { spec: { template: { spec: { containers: { name?: string }[] } } } };
    delete noName.spec.template.spec.containers[0]!.name;
    expect(() => validateManifest(noName as unknown as Manifest)).toThrow(/name/);
    expect(() => validateManifest({ apiVersion: 'apps/v1', kind: 'Deploymnet' })).toThrow(/no schema/);
  });

  it('runs several replicas probed on /health, draining before the grace period ends, non-root and read-only', () => {
    const deployment = byKind('Deployment')[0] as unknown as Deployment;
    const spec = deployment.spec!;
    const pod = spec.template.spec!;
    const container = pod.containers[0]!;
    expect(spec.replicas).toBeGreaterThanOrEqual(2);
    expect(container.readinessProbe?.httpGet?.path).toBe('/health');
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(container.ports?.[0]?.containerPort).toBe(8080);
    // preStop wait + the relay's default drain (--shutdown-grace-ms 10,000) must end before Kubernetes kills it.
    const preStop = Number(container.lifecycle?.preStop?.exec?.command?.[1]);
    expect(container.lifecycle?.preStop?.exec?.command?.[0]).toBe('sleep');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + 10);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.resources?.requests?.memory).toBeDefined();
    expect(container.resources?.limits?.memory).toBeDefined();
    const env = Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable]));
    expect(env.RELAY_WORKERS?.value).toBe('1');
    // The image's user is the one the pod asks for, so runAsNonRoot can check it.
    expect(read('Dockerfile')).toMatch(new RegExp(`^USER ${pod.securityContext?.runAsUser}:${pod.securityContext?.runAsGroup}$`, 'm'));

    // The config the pod mounts is one the relay accepts, and every key it names comes from the Secret.
    const mount = container.volumeMounts?.find((volume) => volume.name === pod.volumes?.[0]?.name);
    expect(env.LLM_RELAY_CONFIG?.value?.startsWith(`${mount?.mountPath}/`)).toBe(true);
    const configMap = byKind('ConfigMap').find((map) => map.metadata.name === pod.volumes?.[0]?.configMap?.name) as unknown as ConfigMap;
    const config = relayConfig(configMap.data?.[env.LLM_RELAY_CONFIG!.value!.split('/').pop()!] ?? '');
    const secret = byKind('Secret')[0] as unknown as Secret;
    for (const name of [config.redis?.urlEnv, config.upstreams[0]?.apiKeyEnv, ...(config.clientKeys ?? []).map((key) => key.keyEnv)]) {
      const ref = env[name as string]?.valueFrom?.secretKeyRef;
      expect(ref?.name, name).toBe(secret.metadata?.name);
      expect(Object.keys(secret.stringData ?? {})).toContain(ref?.key);
    }
    expect(Object.values(secret.stringData ?? {}).every((value) => value.includes('example'))).toBe(true);
  });

  it('has a Service and a disruption budget that select the pods, and a kustomization listing the manifests', () => {
    const labels = (byKind('Deployment')[0] as unknown as Deployment).spec!.template.metadata!.labels!;
    const service = byKind('Service')[0] as unknown as Service;
    for (const [key, value] of Object.entries(service.spec!.selector!)) expect(labels[key]).toBe(value);
    expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
    const budget = byKind('PodDisruptionBudget')[0] as unknown as PodDisruptionBudget;
    for (const [key, value] of Object.entries(budget.spec!.selector!.matchLabels!)) expect(labels[key]).toBe(value);
    const kustomization = parseYaml(read('deploy/kubernetes/kustomization.yaml')) as { resources: string[] };
    expect(kustomization.resources.sort()).toEqual([...all.keys()].filter((name) => !name.includes('example')).sort());
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('runs the llm-relay command as a non-root user on 0.0.0.0:8080, checked on /health, with no secret in it', () => {
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=node:20-[a-z-]*slim$/m);
    expect(dockerfile).toMatch(/^USER [1-9]\d*:[1-9]\d*$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toMatch(/RELAY_HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/^HEALTHCHECK[\s\S]*\/health/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["llm-relay"\]$/m);
    // The runtime stage sets no key, proxy or CA; the build stage's CA path is an ARG, which images do not keep.
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).not.toMatch(/KEY|PROXY|CA_CERTS|npm_config/i);
    expect(dockerfile).not.toMatch(/^ENV[^\n]*(KEY|PROXY|CA_CERTS)/im);
    const ignored = read('.dockerignore');
    for (const pattern of ['**/node_modules', '**/.env', '.git']) expect(ignored.split('\n')).toContain(pattern);
  });
});
