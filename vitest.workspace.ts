import { fileURLToPath } from 'node:url';
import { defineWorkspace } from 'vitest/config';

// Tests run against the sources, so `pnpm test` needs no build for the packages' own suites.
// Exact matches: a plain `'@llm-relay/core'` key would also take `@llm-relay/core/testing` as a subpath of it.
const alias = [
  { find: /^@llm-relay\/core$/, replacement: fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)) },
  { find: /^@llm-relay\/core\/testing$/, replacement: fileURLToPath(new URL('./packages/core/src/testing.ts', import.meta.url)) },
  { find: /^llm-relay$/, replacement: fileURLToPath(new URL('./packages/cli/src/index.ts', import.meta.url)) },
];

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
