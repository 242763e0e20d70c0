#!/usr/bin/env node
// Builds the WASM engine: the same C++ sources as the Node addon (native/engine/*.cpp and the protocol,
// native/protocol/*.cpp) plus the C ABI
// in wasm/oinfo_wasm.cpp, compiled with Emscripten (Debian's `emscripten` package, em++ 3.1.6) into
//   wasm/dist/oinfo.cjs    the Emscripten loader (CommonJS, MODULARIZE: createOinfoModule(moduleArg))
//   wasm/dist/oinfo.wasm   the module
// wasm/dist/ is git-ignored but packed by `npm pack` (package.json "files"), so an install that cannot
// compile anything still runs. scripts/bootstrap.mjs calls this script (step "wasm"); run it by hand
// with `node wasm/build.mjs [--verbose]`. Objects go to build-wasm/ (outside build/, which cmake-js may wipe).
//
// Flags, and why:
//   -O3 -msimd128          speed; the hot loops of the enumeration vectorise to f64x2
//   -ffp-contract=off      as the native build: no FMA contraction, every path rounds the same way
//   -DOINFO_NO_THREADS     parallel.hpp runs its loops on the calling thread (one search = one worker)
//   -pthread               only for the *shared* memory it implies: the search runs in a worker_thread
//                          and the main thread cancels it by storing into the engine's std::atomic<bool>
//                          inside that memory (no pthreads are ever started)
//   -fexceptions           the engine throws std::invalid_argument / SingularMultiplet; the C ABI catches
//                          them and returns status codes (Debian's 3.1.6 has no working -fwasm-exceptions
//                          runtime libraries, so these are Emscripten's JS-based exceptions)
//   ...except enumerator.cpp, discrete_enumerator.cpp, group_enumerator.cpp (with bordering.hpp and tree_walk.hpp) and
//                          all_rows.cpp (`--all`'s row formatting, called from their leaf rows), the hot loops: with JS-based exceptions every call that may throw inside a
//                          function with destructors goes through a JS "invoke" trampoline, once per
//                          leaf row, which costs ~2× in speed. Compiled without -fexceptions it can still
//                          throw (its only throws: a size check the search validates first, and
//                          std::bad_alloc), and the exception still reaches the C ABI's catch; only
//                          that file's own destructors are skipped on the way (a leak on out-of-memory).
//   -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB   data sets of any size the copula step can hold
//   -sNODEJS_CATCH_EXIT=0 -sNODEJS_CATCH_REJECTION=0   a library must not install process handlers
// Emscripten's JS optimiser needs the npm package `acorn` (a pinned dependency of oinfo): NODE_PATH
// points at this package's node_modules (and at /usr/share/nodejs, where Debian's node-acorn lives).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'wasm', 'dist');
const OBJ_DIR = path.join(ROOT, 'build-wasm', 'obj');
const ENGINE_DIR = path.join(ROOT, 'native', 'engine');
const PROTOCOL_DIR = path.join(ROOT, 'native', 'protocol');
const NN_DIR = path.join(ROOT, 'native', 'nn');
const EIGEN = process.env.EIGEN3_INCLUDE_DIR || '/usr/include/eigen3';
const EMXX = process.env.EMXX || 'em++';
const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');

export const COMPILE_FLAGS = [
  '-std=c++17', '-O3', '-DNDEBUG', '-msimd128', '-ffp-contract=off', '-pthread',
  '-DOINFO_NO_THREADS', '-Wall', '-Wextra', '-Wno-pthreads-mem-growth',
];
/** Sources compiled without exception catching (see above). */
export const NO_CATCH_SOURCES = ['enumerator.cpp', 'discrete_enumerator.cpp', 'group_enumerator.cpp', 'all_rows.cpp'];

export const LINK_FLAGS = [
  '-O3', '-msimd128', '-fexceptions', '-pthread',
  '-sMODULARIZE=1', '-sEXPORT_NAME=createOinfoModule', '-sENVIRONMENT=node',
  '-sALLOW_MEMORY_GROWTH=1', '-sMAXIMUM_MEMORY=4GB', '-sFILESYSTEM=0',
  '-sNODEJS_CATCH_EXIT=0', '-sNODEJS_CATCH_REJECTION=0',
  '-sEXPORTED_FUNCTIONS=_malloc,_free', '-sEXPORTED_RUNTIME_METHODS=UTF8ToString',
  '-Wno-pthreads-mem-growth',
];

function fail(message, details = '') {
  process.stderr.write(`oinfo wasm build: error: ${message}\n`);
  if (details) process.stderr.write(`${details.replace(/\s+$/, '')}\n`);
  process.exit(1);
}

/** The engine and the protocol (shared with the Node addon), then this build's C ABI transport. */
function sources() {
  const cpp = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.cpp')).sort().map((f) => path.join(dir, f));
  return [...cpp(ENGINE_DIR), ...cpp(PROTOCOL_DIR), ...cpp(NN_DIR), path.join(ROOT, 'wasm', 'oinfo_wasm.cpp')];
}

const env = {
  ...process.env,
  // Debian's emscripten depends on node-acorn (in /usr/share/nodejs), which a Node.js from elsewhere does not search.
  NODE_PATH: [path.join(ROOT, 'node_modules'), process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(path.delimiter),
};

function compile(src) {
  const obj = path.join(OBJ_DIR, `${path.basename(src, '.cpp')}.o`);
  const exceptions = NO_CATCH_SOURCES.includes(path.basename(src)) ? [] : ['-fexceptions'];
  const args = [...COMPILE_FLAGS, ...exceptions, '-I', ENGINE_DIR, '-I', PROTOCOL_DIR, '-I', NN_DIR, '-isystem', EIGEN, '-c', src, '-o', obj];
  if (verbose) process.stderr.write(`${EMXX} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(EMXX, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', (error) => resolve({ src, obj, ok: false, output: `${output}${error.message}` }));
    child.on('close', (code) => resolve({ src, obj, ok: code === 0, output }));
  });
}

async function main() {
  const probe = spawnSync(EMXX, ['--version'], { env, encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    fail(`${EMXX} (Emscripten) is not available${probe.error ? ` (${probe.error.message})` : ''}. ` +
      'Install it (Debian/Ubuntu: sudo apt-get install -y emscripten) and run `npm run build` again.');
  if (!fs.existsSync(path.join(EIGEN, 'Eigen', 'Dense')))
    fail(`Eigen headers not found in ${EIGEN} (set EIGEN3_INCLUDE_DIR, or: sudo apt-get install -y libeigen3-dev).`);
  fs.mkdirSync(OBJ_DIR, { recursive: true });
  fs.mkdirSync(OUT_DIR, { recursive: true });

  const queue = sources();
  const results = [];
  const workers = Math.max(1, Math.min(queue.length, os.availableParallelism?.() ?? os.cpus().length));
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let src = queue.shift(); src; src = queue.shift()) results.push(await compile(src));
  }));
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0)
    fail(`compiling ${failed.map((r) => path.relative(ROOT, r.src)).join(', ')} failed:`, failed.map((r) => r.output).join('\n'));
  for (const r of results) if (r.output.trim() && verbose) process.stderr.write(r.output);

  // Link into a temporary name first, so a failed link never leaves a half-written module behind.
  const tmpJs = path.join(OUT_DIR, 'oinfo.tmp.cjs');
  const objects = sources().map((s) => path.join(OBJ_DIR, `${path.basename(s, '.cpp')}.o`));
  const args = [...LINK_FLAGS, ...objects, '-o', tmpJs];
  if (verbose) process.stderr.write(`${EMXX} ${args.join(' ')}\n`);
  const link = spawnSync(EMXX, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (link.error || link.status !== 0) {
    const output = `${link.stdout ?? ''}${link.stderr ?? ''}${link.error ? link.error.message : ''}`;
    const hint = /Cannot find module 'acorn'/.test(output)
      ? ' Emscripten\'s optimiser needs the npm package acorn: run `npm ci` first.'
      : '';
    fail(`linking the WASM module failed.${hint}`, output);
  }
  // The loader names its .wasm after the output file: rename both and fix the reference.
  const js = fs.readFileSync(tmpJs, 'utf8').split('oinfo.tmp.wasm').join('oinfo.wasm');
  fs.renameSync(path.join(OUT_DIR, 'oinfo.tmp.wasm'), path.join(OUT_DIR, 'oinfo.wasm'));
  fs.writeFileSync(path.join(OUT_DIR, 'oinfo.cjs'), js);
  fs.rmSync(tmpJs, { force: true });
  // -pthread also emits a loader for pthread workers; no pthread is ever started, so drop it.
  fs.rmSync(path.join(OUT_DIR, 'oinfo.tmp.worker.js'), { force: true });
  fs.writeFileSync(path.join(OUT_DIR, 'BUILD-INFO.json'), `${JSON.stringify({
    emscripten: probe.stdout.split('\n')[0].trim(),
    compile: COMPILE_FLAGS,
    compileWithoutExceptions: NO_CATCH_SOURCES,
    link: LINK_FLAGS,
  }, null, 2)}\n`);
  if (verbose) process.stderr.write(`oinfo wasm build: wrote ${path.relative(ROOT, OUT_DIR)}/oinfo.cjs and oinfo.wasm\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => fail(error?.stack ?? String(error)));
}
