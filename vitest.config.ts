import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests run against the TypeScript sources of the workspace packages, so a test run never depends
  // on a stale dist/. Tests that run the built CLI as a subprocess rely on `pnpm test` building first.
  resolve: {
    alias: {
      '@corsguard/core': src('./packages/core/src/index.ts'),
      '@corsguard/eslint-plugin': src('./packages/eslint-plugin/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/tests/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
