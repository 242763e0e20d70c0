#!/usr/bin/env node
// The `oinfo` command as a few files instead of ~60 modules: esbuild bundles tsc's output
// (dist/src/cli/main.js) into dist/bin/oinfo.js. Node's ES module loader pays for every module it
// resolves, reads and links — ~60 ms of a 0.4 s search on the machines we measure — and a bundle
// starts ~50 ms sooner.
//
// What the command loads only when asked for (a format, the pipeline, the queue, a permutation test)
// stays behind its dynamic import: with splitting, each becomes a chunk under dist/bin/chunks/ and
// code shared by several parts lives in one shared chunk, so every module still exists once in the
// process (an error class has one identity: `instanceof` in main sees the errors of every chunk).
// Packages stay external (resolved from node_modules at run time, as before); the API (`import
// 'oinfo'`) remains tsc's output under dist/src/.
//
// Usage: node scripts/bundle-cli.mjs   (run by the bootstrap after tsc; needs dist/src/cli/main.js)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN_DIR = path.join(ROOT, 'dist', 'bin');

export async function bundleCli() {
  rmSync(BIN_DIR, { recursive: true, force: true }); // no chunk of an older build is left behind
  await esbuild.build({
    entryPoints: { oinfo: path.join(ROOT, 'dist', 'src', 'cli', 'main.js') },
    outdir: BIN_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleCli().catch((error) => {
    process.stderr.write(`bundling the CLI failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
