import type { RelayError } from '../errors/relay-error.js';
import type { ForwardInfo, RelayContext, RelayPlugin, UpstreamAttempt, UpstreamCallStart } from './relay-plugin.js';

/** Runs the hooks of all plugins in order; observing hooks can never break a response. */
export class PluginRunner {
  constructor(private readonly plugins: readonly RelayPlugin[]) {}

  // Hooks that answer synchronously are not awaited: each await is a microtask turn on every request.
  async onRequest(context: RelayContext): Promise<void> {
    for (const plugin of this.plugins) {
      const pending = plugin.onRequest?.(context);
      if (pending !== undefined) await pending;
    }
  }

  async beforeForward(context: RelayContext, info: ForwardInfo): Promise<void> {
    for (const plugin of this.plugins) {
      const pending = plugin.beforeForward?.(context, info);
      if (pending !== undefined) await pending;
    }
  }

  beforeUpstream(context: RelayContext, call: UpstreamCallStart): void {
    for (const plugin of this.plugins) {
      const hook = plugin.beforeUpstream;
      if (hook !== undefined) safely(() => hook.call(plugin, context, call));
    }
  }

  onUpstreamAttempt(context: RelayContext, attempt: UpstreamAttempt): void {
    for (const plugin of this.plugins) safely(() => plugin.onUpstreamAttempt?.(context, attempt));
  }

  onError(context: RelayContext, error: RelayError): void {
    for (const plugin of this.plugins) safely(() => plugin.onError?.(context, error));
  }

  onResponse(context: RelayContext): void {
    for (const plugin of this.plugins) safely(() => plugin.onResponse?.(context));
  }
}

function safely(run: () => unknown): void {
  try {
    const result = run();
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // An observer's failure is its own; the client's response goes on.
  }
}
