#!/usr/bin/env node
// The `pg-exact` command. A file of its own (not build output) so that npm links the command when
// the pg-exact repository is installed, before its first build.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('pg-exact: the CLI is not built yet; run `npm run build` first.');
    process.exit(2);
  }
  throw error;
}
