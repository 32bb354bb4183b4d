#!/usr/bin/env node
// A committed shim, so pnpm can link the bin at install time before the first build.
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('llm-relay is not built yet: run `pnpm build` first.');
    process.exit(1);
  }
  throw error;
});
