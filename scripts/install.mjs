#!/usr/bin/env node
// npm's install hook for an installed oinfo. It never fails the install: without a native addon
// oinfo runs on the WASM engine it carries, and says so in one line when used.
//
//   1. A prebuilt addon for this platform is in the package (prebuilds/, made by `npm pack`), or a
//      local build exists, and it loads: nothing to do (the usual case on linux-x64 with glibc).
//   2. Else, with cmake and a C++ compiler on PATH (and Eigen 3.4 for cmake to find): build from
//      source (scripts/build-addon.mjs) into build/Release/oinfo.node.
//   3. Else, or if that build fails: one line saying why, WASM stays, exit 0.
//
// `npm install oinfo --build-from-source` (npm_config_build_from_source) builds even where a prebuilt
// loads. In the repository itself (`npm ci` there) it does nothing: the bootstrap builds with cmake-js.
// npm shows this script's output only with --foreground-scripts; the note at run time is what users
// see either way.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { buildAddon, missingTools } from './build-addon.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function say(line) {
  process.stderr.write(`oinfo install: ${line}\n`);
}

/** Whether the package's own loader finds a working addon (in a child: a crash must not fail the install). */
function nativeLoads() {
  const loader = pathToFileURL(path.join(ROOT, 'dist', 'src', 'backend', 'nativeTransport.js')).href;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(loader)})).loadNativeAddon()`], {
    encoding: 'utf8',
    stdio: 'pipe',
    timeout: 60_000,
  });
  return { ok: r.status === 0, why: (r.stderr ?? '').trim().split('\n').find((l) => /Error/.test(l)) ?? '' };
}

function inRepository() {
  const from = process.env.INIT_CWD;
  return from !== undefined && path.resolve(from) === ROOT && fs.existsSync(path.join(ROOT, 'scripts', 'bootstrap.mjs'));
}

function main() {
  if (inRepository()) return;
  const forced = /^(true|1)$/i.test(process.env.npm_config_build_from_source ?? '');
  if (!forced && nativeLoads().ok) return;
  const missing = missingTools();
  const wasm = 'oinfo will use its WASM engine (slower)';
  if (missing.length > 0) {
    say(`no native addon for ${process.platform}-${process.arch} here and no ${missing.join(' or ')} to build one: ${wasm}. ` +
      'To go native, install cmake, a C++17 compiler and Eigen 3.4, then run `npm rebuild oinfo`.');
    return;
  }
  say(`building the native addon from source for ${process.platform}-${process.arch}…`);
  const built = buildAddon(ROOT, { onLine: (label) => say(label) });
  if (!built.ok) {
    const log = path.join(ROOT, 'build', 'oinfo-install-build.log');
    try {
      fs.mkdirSync(path.dirname(log), { recursive: true });
      fs.writeFileSync(log, built.output);
    } catch {}
    say(`the build failed (${built.why}): ${wasm}. ${built.hint} Then run \`npm rebuild oinfo\`. Log: ${log}`);
    return;
  }
  const check = nativeLoads();
  say(check.ok ? `built ${built.addon}` : `built ${built.addon}, but it does not load (${check.why}): ${wasm}.`);
}

try {
  main();
} catch (error) {
  say(`unexpected problem (${error?.message ?? error}): oinfo will use its WASM engine (slower).`);
}
process.exit(0);
