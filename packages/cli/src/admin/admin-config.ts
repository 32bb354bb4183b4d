import type { RelayConfigFile } from '../config/config-schema.js';
import type { AdminConfig } from '../start-relay.js';

/** The admin flags of `llm-relay serve`. */
export interface AdminFlags {
  /** `--admin-key` or `LLM_RELAY_ADMIN_KEY`. */
  adminKey?: string;
  /** `--admin-remote`. */
  adminRemote?: boolean;
  /** `--admin-ring-mib`. */
  adminRingMib?: number;
}

/**
 * The admin page's settings from the flags and the config file's `admin` section (flags win). The file
 * names an environment variable for the key (`admin.keyEnv`), as it does for client keys.
 *
 * @example
 * adminConfig({ adminKey: process.env.LLM_RELAY_ADMIN_KEY }, file, process.env, 'llm-relay.config.yaml');
 */
export function adminConfig(flags: AdminFlags, file: RelayConfigFile['admin'], env: NodeJS.ProcessEnv, path = 'the config file'): AdminConfig | undefined {
  let key = flags.adminKey;
  if ((key === undefined || key === '') && file?.keyEnv !== undefined) {
    key = env[file.keyEnv];
    if (key === undefined || key === '') throw new Error(`${path}: admin.keyEnv names the environment variable ${file.keyEnv}, which is not set`);
  }
  if (key === undefined || key === '') return undefined;
  const ringMiB = flags.adminRingMib ?? file?.ringMiB;
  return { key, allowRemote: flags.adminRemote ?? file?.allowRemote ?? false, ringBytes: ringMiB === undefined ? undefined : ringMiB * 1024 * 1024 };
}
