#!/usr/bin/env node
/**
 * Bundles the `corsguard` command into packages/cli/dist/bundle/ after `tsc` has built dist/.
 *
 * Node 20 loads an ES module graph file by file: the CLI's ~120 modules (its own and @corsguard/core's)
 * cost about 0.3 s of every run before the first file is read, which a pre-commit hook pays on every
 * commit. Bundled, the same code loads as a few files. The lazily loaded parts stay lazy (each dynamic
 * import becomes its own chunk), and the worker is a second entry next to the main one, so the pool's
 * `new URL('./worker.js', import.meta.url)` finds it in the bundle as it does in dist/lint/. The bundle
 * sits two folders below the package root, as dist/cli/main.js does, so `../../package.json` is the
 * package's own in both. Packages loaded with `require` (js-yaml, refa and the libraries on it) stay
 * outside and resolve from the CLI's own dependencies.
 *
 * Usage: node scripts/bundle-cli.js   (run by `pnpm build`)
 */
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const dist = fileURLToPath(new URL('../packages/cli/dist/', import.meta.url));
const outDir = `${dist}bundle`;
const builtins = new Set(builtinModules);

rmSync(outDir, { recursive: true, force: true });
await build({
  input: { corsguard: `${dist}cli/main.js`, worker: `${dist}lint/worker.js` },
  platform: 'node',
  external: (id) => id.startsWith('node:') || builtins.has(id),
  output: { dir: outDir, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
  logLevel: 'warn',
});
