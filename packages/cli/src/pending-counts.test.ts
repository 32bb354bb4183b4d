import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PendingCounts } from './pending-counts.js';

describe('PendingCounts', () => {
  it('hands summed increments to the counter when the registry is read, exactly once each', async () => {
    const registry = new Registry();
    const pending = new PendingCounts<'model'>();
    new Counter({
      name: 'things_total',
      help: 'things',
      labelNames: ['model'],
      registers: [registry],
      collect() {
        pending.flushInto(this);
      },
    });
    pending.add({ model: 'a' }, 'a');
    pending.add({ model: 'a' }, 'a', 4);
    pending.add({ model: 'b' }, 'b', 2);
    const first = await registry.getSingleMetricAsString('things_total');
    expect(first).toContain('things_total{model="a"} 5');
    expect(first).toContain('things_total{model="b"} 2');
    pending.add({ model: 'b' }, 'b');
    const second = await registry.getSingleMetricAsString('things_total');
    expect(second).toContain('things_total{model="a"} 5');
    expect(second).toContain('things_total{model="b"} 3');
  });
});
