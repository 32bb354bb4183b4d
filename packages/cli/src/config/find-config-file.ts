import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_CONFIG_FILES = ['llm-relay.config.json', 'llm-relay.config.yaml', 'llm-relay.config.yml'];

/** The config file named, or the first default one in `cwd`; undefined when there is none. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) return resolve(cwd, explicit);
  return DEFAULT_CONFIG_FILES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}
