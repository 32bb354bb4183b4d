import { fileURLToPath } from 'node:url';
import { defineWorkspace } from 'vitest/config';

// Tests run against the sources, so `pnpm test` needs no build for the packages' own suites.
const alias = {
  '@llm-relay/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
  'llm-relay': fileURLToPath(new URL('./packages/cli/src/index.ts', import.meta.url)),
};

export default defineWorkspace([
  {
    resolve: { alias },
    test: { name: 'core', root: './packages/core', include: ['src/**/*.test.ts'], environment: 'node' },
  },
  {
    // The core promises Web APIs only: the same suite again in the edge runtime catches a stray Node API.
    resolve: { alias },
    test: {
      name: 'core-edge',
      root: './packages/core',
      include: ['src/**/*.test.ts'],
      exclude: ['src/**/*.property.test.ts'],
      environment: 'edge-runtime',
    },
  },
  {
    resolve: { alias },
    test: { name: 'cli', root: './packages/cli', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
  },
  {
    resolve: { alias },
    test: { name: 'examples', root: './examples', include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 30_000 },
  },
]);
