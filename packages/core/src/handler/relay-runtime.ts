import { LearnedAdjustments } from '../context/learned-adjustments.js';
import type { RelayHandlerOptions, UpstreamConfig } from '../options/relay-options.js';
import type { PluginRunner } from '../plugins/plugin-runner.js';
import { arrivalKeepBytes } from '../routing/arrival-keep.js';
import { KeyRests } from '../upstream/key-rests.js';
import { ProviderKeys } from '../upstream/provider-keys.js';

/** What one relay handler keeps for its whole life and every request uses: passed down as one value. */
export interface RelayRuntime {
  options: RelayHandlerOptions;
  plugins: PluginRunner;
  /** What providers' "context too long" answers taught, per model. */
  learned: LearnedAdjustments;
  /** The rotation of an upstream with several keys; undefined for an upstream with one key (or none). */
  keys(upstream: UpstreamConfig): ProviderKeys | undefined;
  /** The key for the next call to `upstream` (its rotation's next, or its one key), or when a resting rotation is back. */
  pickKey(upstream: UpstreamConfig, now: number): PickedUpstreamKey | { restingUntil: number | undefined };
  /** Bytes one text of a large body naming `model` may keep as it is read (see `arrivalKeepBytes`). */
  keepBytes(model: string | undefined): number | undefined;
}

export interface PickedUpstreamKey {
  apiKey: string | undefined;
  /** Set when the key came from a rotation (several keys). */
  fingerprint?: string;
}

/** The runtime of a handler: its plugins, its (or the host's shared) learned corrections and key rests. */
export function relayRuntime(options: RelayHandlerOptions, plugins: PluginRunner): RelayRuntime {
  const rests = options.keyRests ?? new KeyRests();
  const pools = new WeakMap<UpstreamConfig, ProviderKeys>();
  const runtime: RelayRuntime = {
    options,
    plugins,
    learned: options.learned ?? new LearnedAdjustments(),
    keys(upstream) {
      if (upstream.apiKeys === undefined || upstream.apiKeys.length < 2) return undefined;
      let pool = pools.get(upstream);
      if (pool === undefined) {
        pool = new ProviderKeys(upstream.apiKeys, rests);
        pools.set(upstream, pool);
      }
      return pool.size > 0 ? pool : undefined;
    },
    pickKey(upstream, now) {
      const picked = runtime.keys(upstream)?.next(now);
      if (picked === undefined) return { apiKey: upstream.apiKey ?? upstream.apiKeys?.[0] };
      return 'key' in picked ? { apiKey: picked.key, fingerprint: picked.fingerprint } : picked;
    },
    keepBytes: (model) => arrivalKeepBytes(model, options),
  };
  return runtime;
}
