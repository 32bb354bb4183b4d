import { cpSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  // The admin page finds its files next to the bundle through import.meta.url, in the CommonJS build too.
  shims: true,
  // The admin page's own files (HTML, script, style) ship beside the bundle, read at run time.
  async onSuccess() {
    cpSync('src/admin/assets', 'dist/admin-assets', { recursive: true });
  },
});
