#!/usr/bin/env node
// `npm pack` / `npm publish` hooks: put this platform's addon into the package, take it out again.
//
//   node scripts/prebuild.mjs          (prepack)  bootstrap (addon, WASM, TypeScript up to date), then
//                                      copy build/Release/oinfo.node, stripped, to
//                                      prebuilds/<platform>-<arch>/oinfo[.glibc].node
//   node scripts/prebuild.mjs --clean  (postpack) remove prebuilds/ (it is a pack artefact, never kept)
//
// The addon is portable within its platform: no -march=native (the hot loops carry AVX2 clones chosen
// at load) and only glibc ≥ 2.32 and GCC ≥ 11's libstdc++ as run-time needs (README, "Platforms").
// The layout follows prebuildify's convention (prebuilds/linux-x64/…) so that the same loader can take
// more platforms' binaries, built on their own machines, in one tarball.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PREBUILDS = path.join(ROOT, 'prebuilds');

function fail(message) {
  process.stderr.write(`oinfo prebuild: ${message}\n`);
  process.exit(1);
}

if (process.argv.includes('--clean')) {
  fs.rmSync(PREBUILDS, { recursive: true, force: true });
  process.exit(0);
}

const boot = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bootstrap.mjs'), '--quiet'], { stdio: 'inherit' });
if (boot.status !== 0) fail('the bootstrap failed (above); nothing was packed.');

const built = path.join(ROOT, 'build', 'Release', 'oinfo.node');
if (!fs.existsSync(built)) fail(`${built} is missing after the bootstrap; run \`npm run build\` and look at its output.`);
const libc = process.platform === 'linux' ? '.glibc' : '';
const target = path.join(PREBUILDS, `${process.platform}-${process.arch}`, `oinfo${libc}.node`);
fs.rmSync(PREBUILDS, { recursive: true, force: true });
fs.mkdirSync(path.dirname(target), { recursive: true });
// Debug symbols are most of the file and no user needs them.
const strip = process.platform === 'linux' ? spawnSync('strip', ['--strip-unneeded', '-o', target, built]) : { status: 1 };
if (strip.status !== 0) fs.copyFileSync(built, target);
process.stderr.write(`oinfo prebuild: ${path.relative(ROOT, target)} (${(fs.statSync(target).size / 1024).toFixed(0)} KiB)\n`);
