#!/usr/bin/env node
// The `oinfo` command as a few files instead of ~60 modules: esbuild bundles tsc's output
// (dist/src/cli/bin.js) into dist/bin/oinfo.js. Node's ES module loader pays for every module it
// resolves, reads and links — ~60 ms of a 0.4 s search on the machines we measure — and a bundle
// starts ~50 ms sooner.
//
// What the command loads only when asked for (a format, the pipeline, the queue, a permutation test)
// stays behind its dynamic import: with splitting, each becomes a chunk under dist/bin/chunks/ and
// code shared by several parts lives in one shared chunk, so every module still exists once in the
// process (an error class has one identity: `instanceof` in main sees the errors of every chunk).
// Packages stay external (resolved from node_modules at run time, as before) but commander, which every
// run needs: loaded as a CommonJS package from an ES module it costs ~15 ms, bundled ~6 ms less (it stays
// a dependency: tsc's dist/src/cli imports it). The API (`import 'oinfo'`) remains tsc's output under dist/src/.
//
// Usage: node scripts/bundle-cli.mjs   (run by the bootstrap after tsc; needs dist/src/cli/bin.js)
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN_DIR = path.join(ROOT, 'dist', 'bin');

/** Every package the CLI may load at run time, but the ones bundled. */
function externalPackages() {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const packages = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  return packages.filter((name) => !BUNDLED.includes(name));
}

const BUNDLED = ['commander'];

export async function bundleCli() {
  rmSync(BIN_DIR, { recursive: true, force: true }); // no chunk of an older build is left behind
  await esbuild.build({
    entryPoints: { oinfo: path.join(ROOT, 'dist', 'src', 'cli', 'bin.js') },
    outdir: BIN_DIR,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externalPackages(),
    // commander is CommonJS: its require() of Node's modules needs a require in the ES module output.
    banner: { js: "import { createRequire as oinfoCreateRequire } from 'node:module'; const require = oinfoCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundleCli().catch((error) => {
    process.stderr.write(`bundling the CLI failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}
