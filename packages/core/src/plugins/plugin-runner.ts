import type { RelayError } from '../errors/relay-error.js';
import type { ForwardInfo, RelayContext, RelayPlugin, UpstreamAttempt } from './relay-plugin.js';

/** Runs the hooks of all plugins in order; observing hooks can never break a response. */
export class PluginRunner {
  constructor(private readonly plugins: readonly RelayPlugin[]) {}

  async onRequest(context: RelayContext): Promise<void> {
    for (const plugin of this.plugins) if (plugin.onRequest) await plugin.onRequest(context);
  }

  async beforeForward(context: RelayContext, info: ForwardInfo): Promise<void> {
    for (const plugin of this.plugins) if (plugin.beforeForward) await plugin.beforeForward(context, info);
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
