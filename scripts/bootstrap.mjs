#!/usr/bin/env node
// oinfo bootstrap: the one idempotent set-up script. `npm run build`, `npm test`, `npm run quickstart`
// and `npm run bench` all call it first. It runs before `npm ci`, so it is plain Node ESM with no
// dependencies. Every step is skipped when already satisfied, so a run on an up-to-date tree prints
// nothing and takes a few tens of milliseconds.
//
// Steps (in order): Debian packages -> npm dependencies -> native addon (cmake-js) -> WASM engine
// (Emscripten, wasm/build.mjs) -> TypeScript. Each step is { name, label, enabled?(), isUpToDate(), run() }. run() may
// return a content hash of the step's inputs; the driver records it in .oinfo-bootstrap.json
// (git-ignored) after the step succeeds, and forgets the old one before the step starts, so an
// interrupted or failed step is always redone.
//
// Usage: node scripts/bootstrap.mjs [--force] [--quiet] [--verbose] [--dry-run] [--skip=a,b] [--only=a,b]
//   --force     redo every step (npm ci, a clean cmake-js rebuild, tsc) even if up to date
//   --quiet     print nothing but errors
//   --verbose   stream the output of apt-get / npm / cmake-js / tsc instead of capturing it
//   --dry-run   only say which steps would do work; change nothing
//   --skip, --only   step names: apt, npm, native, wasm, ts
// Exit codes: 0 ok, 1 failure.
//
// Environment overrides for testing only:
//   OINFO_BOOTSTRAP_FAKE_MISSING=libeigen3-dev,...  treat these Debian packages as not installed
//   OINFO_BOOTSTRAP_FAKE_NONROOT=1                  behave as if not running as root
//   OINFO_BOOTSTRAP_FAKE_NO_DPKG=1                  behave as if dpkg-query did not exist (non-Debian)

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { nativeBuildHint } from './lib/nativeBuildHints.mjs';

// Debian packages the build needs, per step. `required: true` stops the bootstrap when the package is
// missing and cannot be installed; optional ones only print a warning (their step degrades or is
// skipped). The data step adds { name: 'dataset-fashion-mnist', step: 'data', required: false }.
const DEBIAN_PACKAGES = [
  { name: 'libeigen3-dev', step: 'native', required: true, why: 'Eigen 3.4 headers for the C++ engine' },
  { name: 'emscripten', step: 'wasm', required: false, why: 'Emscripten (em++) for the WASM engine, the fallback where the addon cannot load' },
  { name: 'fonts-dejavu-core', step: 'apt', required: false, why: 'DejaVu Sans, the font of the figures (text measured and rendered to PNG)' },
  { name: 'redis-server', step: 'apt', required: false, why: 'Redis, the queue of the distributed search (`oinfo worker`, `--queue`) and of its tests' },
  { name: 'dataset-fashion-mnist', step: 'apt', required: false, why: "Fashion-MNIST, the default data set of `oinfo reproduce` and `npm run quickstart`" },
];

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATE_FILE = path.join(ROOT, '.oinfo-bootstrap.json');
const STATE_VERSION = 1;
const PREFIX = 'oinfo bootstrap:';
const ADDON = path.join(ROOT, 'build', 'Release', 'oinfo.node');

// ---------------------------------------------------------------------------------------------------
// Options

const STEP_NAMES = ['apt', 'npm', 'native', 'wasm', 'ts'];

class BootstrapError extends Error {
  /** @param {string} message one readable paragraph @param {string} [details] tool output to show after it */
  constructor(message, details = '') {
    super(message);
    this.details = details;
  }
}

function parseArgs(argv) {
  const opts = { force: false, quiet: false, verbose: false, dryRun: false, skip: new Set(), only: null };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new BootstrapError(`option ${flag} needs a value (step names: ${STEP_NAMES.join(', ')}).`);
      return list(v);
    };
    switch (flag) {
      case '--force': case '-f': opts.force = true; break;
      case '--quiet': case '-q': opts.quiet = true; break;
      case '--verbose': case '-v': opts.verbose = true; break;
      case '--dry-run': case '-n': opts.dryRun = true; break;
      case '--skip': for (const s of value()) opts.skip.add(s); break;
      case '--only': opts.only = new Set(value()); break;
      case '--help': case '-h':
        process.stdout.write(
          'usage: node scripts/bootstrap.mjs [--force] [--quiet] [--verbose] [--dry-run] [--skip=STEPS] [--only=STEPS]\n' +
          `steps: ${STEP_NAMES.join(', ')}\n`);
        process.exit(0);
        break;
      default:
        throw new BootstrapError(`unknown option "${a}"; try --help.`);
    }
  }
  for (const s of [...opts.skip, ...(opts.only ?? [])]) {
    if (!STEP_NAMES.includes(s)) throw new BootstrapError(`unknown step "${s}"; the steps are ${STEP_NAMES.join(', ')}.`);
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

let OPTS;

function say(line) {
  if (!OPTS.quiet) process.stderr.write(`${PREFIX} ${line}\n`);
}

function readState() {
  try {
    const s = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
    return s && s.version === STATE_VERSION && typeof s.steps === 'object' && s.steps ? s : { version: STATE_VERSION, steps: {} };
  } catch {
    return { version: STATE_VERSION, steps: {} };
  }
}

let STATE;

function writeState() {
  const tmp = `${STATE_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(STATE, null, 2)}\n`);
  fs.renameSync(tmp, STATE_FILE);
}

function exists(p) {
  try { fs.accessSync(p); return true; } catch { return false; }
}

function mtimeMs(p) {
  try { return fs.statSync(p).mtimeMs; } catch { return -1; }
}

/** Files under `dir` (relative to ROOT) whose names pass `keep`, sorted; skips node_modules and dot-dirs. */
function listFiles(dir, keep) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try { entries = fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(r);
      } else if (e.isFile() && keep(e.name)) {
        out.push(r);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Content hash of files (paths relative to ROOT; missing ones count as missing) plus extra strings. */
function hashInputs(files, extra = []) {
  const h = createHash('sha256');
  for (const x of extra) h.update(`extra\0${x}\0`);
  for (const f of files) {
    h.update(`file\0${f}\0`);
    try { h.update(fs.readFileSync(path.join(ROOT, f))); } catch { h.update('\0missing\0'); }
    h.update('\0');
  }
  return h.digest('hex');
}

function lockHash() {
  return hashInputs(['package-lock.json']);
}

/** Versions of the named packages as pinned in package-lock.json (for hashing what a build depends on). */
function lockedVersions(names) {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    return names.map((n) => `${n}@${lock.packages?.[`node_modules/${n}`]?.version ?? '?'}`);
  } catch {
    return names.map((n) => `${n}@?`);
  }
}

/**
 * Run a command in ROOT. Captures stdout+stderr (interleaved) unless --verbose, where it streams.
 * Returns { ok, status, output, error } — never throws.
 */
function run(cmd, args, { env } = {}) {
  const options = { cwd: ROOT, env: { ...process.env, ...env } };
  if (OPTS.verbose) {
    const r = spawnSync(cmd, args, { ...options, stdio: ['ignore', 'inherit', 'inherit'] });
    return { ok: r.status === 0 && !r.error, status: r.status, output: '', error: r.error };
  }
  // Both streams go to one temporary file, so compiler diagnostics and cmake-js messages keep their order.
  const tmp = path.join(os.tmpdir(), `oinfo-bootstrap-${process.pid}-${Date.now()}.log`);
  let fd;
  try {
    fd = fs.openSync(tmp, 'w');
    const r = spawnSync(cmd, args, { ...options, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    fd = undefined;
    const output = fs.readFileSync(tmp, 'utf8');
    return { ok: r.status === 0 && !r.error, status: r.status, output, error: r.error };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
  }
}

/** The local binary from node_modules/.bin if present (fast), else `npx --no-install NAME`. */
function localBin(name) {
  const bin = path.join(ROOT, 'node_modules', '.bin', name);
  if (exists(bin)) return [bin, []];
  return ['npx', ['--no-install', name]];
}

function tail(text, n) {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length <= n) return lines.join('\n');
  return `… (${lines.length - n} earlier lines not shown)\n${lines.slice(-n).join('\n')}`;
}

/** The first compiler/CMake errors (up to where the build tool gave up) and the last lines of a build log. */
function buildExcerpt(text) {
  const lines = text.replace(/\s+$/, '').split('\n');
  const first = lines.findIndex((l) => /(^|:\s*)(fatal )?error\b|CMake Error/i.test(l));
  if (first < 0) return tail(text, 40);
  let end = lines.findIndex((l, i) => i > first && /build stopped|\*\*\* \[|Build has been failed|ERR!|^ERROR /.test(l));
  if (end < 0) end = lines.length - 1;
  end = Math.min(end, first + 30);
  const head = lines.slice(Math.max(0, first - 2), end + 1);
  const rest = lines.slice(end + 1);
  if (rest.length === 0) return head.join('\n');
  return `${head.join('\n')}\n… (${Math.max(0, rest.length - 6)} more lines) …\n${rest.slice(-6).join('\n')}`;
}

function saveLog(name, text) {
  try {
    fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
    const p = path.join(ROOT, 'build', name);
    fs.writeFileSync(p, text);
    return path.relative(ROOT, p);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Step 1: Debian packages

const isRoot = () => process.env.OINFO_BOOTSTRAP_FAKE_NONROOT !== '1' && process.getuid?.() === 0;

/** Map name -> installed? for all DEBIAN_PACKAGES, or null when this is not a dpkg system. */
function dpkgStatus() {
  if (process.env.OINFO_BOOTSTRAP_FAKE_NO_DPKG === '1') return null;
  const names = DEBIAN_PACKAGES.map((p) => p.name);
  if (names.length === 0) return new Map();
  // One dpkg-query for all packages; unknown names only add a line on stderr (and exit 1).
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...names], { encoding: 'utf8' });
  if (r.error) return null; // ENOENT: not Debian-like
  const installed = new Set();
  for (const line of (r.stdout ?? '').split('\n')) {
    const m = /^(\S+?)(?::\S+)? install ok installed$/.exec(line.trim());
    if (m) installed.add(m[1]);
  }
  const fake = new Set((process.env.OINFO_BOOTSTRAP_FAKE_MISSING ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  return new Map(names.map((n) => [n, installed.has(n) && !fake.has(n)]));
}

function relevantPackages() {
  // Packages of skipped steps are not needed in this run.
  return DEBIAN_PACKAGES.filter((p) => stepSelected(p.step) || !STEP_NAMES.includes(p.step));
}

/**
 * Missing packages. Optional ones that could not be installed before (recorded in the state file) are
 * left out unless --force, so an unavailable optional package costs one attempt, not one per run.
 */
function missingPackages() {
  const status = dpkgStatus();
  if (status === null) return []; // non-Debian: cmake will report a missing Eigen, with a hint from us
  const given = OPTS.force ? [] : (STATE.optionalUnavailable ?? []);
  return relevantPackages().filter((p) => !status.get(p.name) && (p.required || !given.includes(p.name)));
}

function rememberUnavailable(pkgs) {
  if (pkgs.length === 0 || OPTS.dryRun) return;
  STATE.optionalUnavailable = [...new Set([...(STATE.optionalUnavailable ?? []), ...pkgs.map((p) => p.name)])];
  writeState();
}

function aptInstall(names) {
  const args = ['install', '-y', '--no-install-recommends', ...names];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing Debian package${names.length > 1 ? 's' : ''} ${names.join(' ')} (apt-get ${args.join(' ')})…`);
  let r = run('apt-get', args, { env });
  if (!r.ok && !r.error) {
    // Most often the package lists are empty (fresh container) or stale: refresh once and retry.
    say('apt-get install failed; refreshing the package lists (apt-get update) and retrying…');
    const u = run('apt-get', ['update'], { env });
    if (u.ok) r = run('apt-get', args, { env });
    else r = { ...r, output: `${r.output}\n--- apt-get update ---\n${u.output}` };
  }
  return r;
}

const aptStep = {
  name: 'apt',
  label: 'installing Debian packages',
  isUpToDate() {
    return missingPackages().length === 0;
  },
  run() {
    const missing = missingPackages();
    if (missing.length === 0) return;
    const required = missing.filter((p) => p.required);
    const optional = missing.filter((p) => !p.required);
    const names = missing.map((p) => p.name);
    const cmd = `sudo apt-get install -y ${names.join(' ')}`;
    if (!isRoot()) {
      if (required.length > 0) {
        throw new BootstrapError(
          `the Debian package${required.length > 1 ? 's' : ''} ${required.map((p) => `${p.name} (${p.why})`).join(', ')} ` +
          `${required.length > 1 ? 'are' : 'is'} not installed and this script is not running as root, so it cannot install ` +
          `${required.length > 1 ? 'them' : 'it'}. Run:  ${cmd}  and then run the same npm command again.`);
      }
      say(`optional Debian package${optional.length > 1 ? 's' : ''} ${optional.map((p) => p.name).join(' ')} not installed ` +
        `(${optional.map((p) => p.why).join('; ')}); to add ${optional.length > 1 ? 'them' : 'it'}: ${cmd}`);
      rememberUnavailable(optional);
      return;
    }
    const r = aptInstall(names);
    if (r.ok) {
      if (STATE.optionalUnavailable) {
        STATE.optionalUnavailable = STATE.optionalUnavailable.filter((n) => !names.includes(n));
        writeState();
      }
      return;
    }
    const still = missingPackages();
    const stillRequired = still.filter((p) => p.required);
    if (stillRequired.length > 0) {
      const why = r.error ? `apt-get could not be started (${r.error.message})` : `apt-get exited with code ${r.status}`;
      throw new BootstrapError(
        `could not install the required Debian package${stillRequired.length > 1 ? 's' : ''} ` +
        `${stillRequired.map((p) => p.name).join(' ')}: ${why}. Check the apt output below (network, a held dpkg lock, ` +
        `or a package name unknown to this distribution), fix it, then run  apt-get install -y ${stillRequired.map((p) => p.name).join(' ')}  ` +
        'and the same npm command again.',
        tail(r.output, 20));
    }
    if (still.length > 0) {
      say(`could not install optional Debian package${still.length > 1 ? 's' : ''} ${still.map((p) => p.name).join(' ')}; ` +
        'continuing without (not retried until --force).');
      rememberUnavailable(still);
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Step 2: npm dependencies

const npmStep = {
  name: 'npm',
  label: 'installing npm dependencies (npm ci)…',
  isUpToDate() {
    const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
    if (!exists(marker)) return false; // no node_modules, or an install that never finished
    const recorded = STATE.steps.npm;
    if (recorded !== undefined) return recorded === lockHash();
    // No record yet (first run in an existing checkout): trust npm's own marker if it is newer than the
    // lockfile, and adopt the install by recording the hash so later runs compare contents.
    if (mtimeMs(marker) >= mtimeMs(path.join(ROOT, 'package-lock.json'))) {
      if (!OPTS.dryRun) { STATE.steps.npm = lockHash(); writeState(); }
      return true;
    }
    return false;
  },
  run() {
    if (!exists(path.join(ROOT, 'package-lock.json'))) {
      throw new BootstrapError('package-lock.json is missing, so `npm ci` cannot install the pinned dependencies. Restore it (git checkout package-lock.json) and run again.');
    }
    const hash = lockHash();
    const r = run('npm', ['ci', '--no-audit', '--no-fund']);
    if (!r.ok) {
      const why = r.error ? `npm could not be started (${r.error.message})` : `npm ci exited with code ${r.status}`;
      const log = r.output ? saveLog('oinfo-bootstrap-npm.log', r.output) : null;
      throw new BootstrapError(
        `installing the npm dependencies failed: ${why}. Common causes: no access to the npm registry, or ` +
        'package.json and package-lock.json out of sync (then run `npm install` once and commit the new lockfile). ' +
        `${log ? `The full output is in ${log}. ` : ''}Fix it and run the same npm command again.`,
        tail(r.output, 25));
    }
    return hash;
  },
};

// ---------------------------------------------------------------------------------------------------
// Step 3: native addon (cmake-js -> build/Release/oinfo.node)

function nativeHash() {
  const files = ['CMakeLists.txt', ...listFiles('native', () => true)];
  // What else the addon depends on: the N-API headers / cmake-js / node-addon-api versions and the
  // platform (a copied tree on another machine must rebuild).
  const extra = [process.platform, process.arch, ...lockedVersions(['cmake-js', 'node-addon-api', 'node-api-headers'])];
  return hashInputs(files, extra);
}

/** A build/ configured from another source tree (e.g. copied checkout) would make cmake refuse; drop its cache. */
function dropForeignCMakeCache() {
  const cache = path.join(ROOT, 'build', 'CMakeCache.txt');
  let text;
  try { text = fs.readFileSync(cache, 'utf8'); } catch { return; }
  const m = /^CMAKE_HOME_DIRECTORY:INTERNAL=(.*)$/m.exec(text);
  if (!m) return;
  let same = false;
  try { same = fs.realpathSync(m[1].trim()) === fs.realpathSync(ROOT); } catch { same = false; }
  if (!same) {
    fs.rmSync(cache, { force: true });
    fs.rmSync(path.join(ROOT, 'build', 'CMakeFiles'), { recursive: true, force: true });
  }
}

function nativeFailureHint(output, error) {
  if (error?.code === 'ENOENT') return 'Is cmake-js installed (npm ci)?';
  return nativeBuildHint(output);
}

const nativeStep = {
  name: 'native',
  label: 'building native addon (cmake-js)…',
  isUpToDate() {
    return exists(ADDON) && STATE.steps.native === nativeHash();
  },
  run() {
    const hash = nativeHash();
    dropForeignCMakeCache();
    const [cmd, pre] = localBin('cmake-js');
    // `compile` builds incrementally (and retries with a clean rebuild if that fails); --force asks for
    // the clean rebuild directly. package.json's binary.napi_versions makes cmake-js use the
    // node-api-headers package instead of downloading Node headers.
    const verb = OPTS.force ? 'rebuild' : 'compile';
    const parallel = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
    const r = run(cmd, [...pre, verb, '--out', 'build', '--parallel', parallel]);
    const log = r.output ? saveLog('oinfo-bootstrap-native.log', r.output) : null;
    if (!r.ok || !exists(ADDON)) {
      const why = r.ok ? 'cmake-js finished but build/Release/oinfo.node was not produced'
        : r.error ? `cmake-js could not be started (${r.error.message})` : `cmake-js exited with code ${r.status}`;
      throw new BootstrapError(
        `building the native addon failed: ${why}. ${nativeFailureHint(r.output, r.error)} ` +
        `${log ? `The full build log is in ${log}. ` : ''}Then run the same npm command again ` +
        '(or `node scripts/bootstrap.mjs --verbose` to watch the build).',
        r.output ? buildExcerpt(r.output) : '');
    }
    return hash;
  },
};

// ---------------------------------------------------------------------------------------------------
// Step 4: WASM engine (wasm/build.mjs: em++ -> wasm/dist/oinfo.cjs + oinfo.wasm)
//
// The same engine sources as the addon, compiled with Emscripten (Debian package `emscripten`,
// installed by the apt step when root). Objects go to build-wasm/, outside build/ (which
// `cmake-js compile` wipes when it falls back to a clean rebuild). Without em++ the step is disabled:
// the apt step has already said how to get it, and a wasm/dist/ that came with the npm package is
// used as it is.

const WASM_OUTPUTS = ['wasm/dist/oinfo.cjs', 'wasm/dist/oinfo.wasm'];

/** em++ as the build will run it (EMXX overrides), found on PATH without spawning it; null if absent. */
function findEmxx() {
  const name = process.env.EMXX || 'em++';
  const candidates = name.includes(path.sep)
    ? [name]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return fs.realpathSync(c);
    } catch { /* next */ }
  }
  return null;
}

function wasmHash(emxx) {
  const files = [...listFiles('native/engine', () => true), ...listFiles('native/protocol', () => true), ...listFiles('native/nn', () => true), 'wasm/oinfo_wasm.cpp', 'wasm/build.mjs'];
  // The toolchain (its real path, size and install time: a Debian upgrade rebuilds) and the version of
  // acorn, the npm package Emscripten's JS optimiser needs.
  let stamp = 'unknown';
  try { const st = fs.statSync(emxx); stamp = `${st.size}:${st.mtimeMs}`; } catch { /* keep unknown */ }
  return hashInputs(files, [emxx ?? 'none', stamp, ...lockedVersions(['acorn'])]);
}

function wasmFailureHint(output) {
  if (/\(Emscripten\) is not available/.test(output)) {
    return 'em++ did not run; check the Emscripten install (em++ --version); Debian/Ubuntu: sudo apt-get install -y emscripten.';
  }
  if (/Cannot find module 'acorn'/.test(output)) {
    return 'Emscripten\'s optimiser could not find the npm package acorn: run `npm ci` (or the whole bootstrap) first.';
  }
  if (/Eigen headers not found/i.test(output)) {
    return 'Install Eigen 3.4 (Debian/Ubuntu: sudo apt-get install -y libeigen3-dev) or set EIGEN3_INCLUDE_DIR.';
  }
  if (/^(?!oinfo wasm build:).*\berror:/m.test(output)) return 'em++ reported errors (the first ones are below); fix the code under native/engine/ or wasm/.';
  return 'Check that Emscripten works (em++ --version); Debian/Ubuntu: sudo apt-get install -y emscripten.';
}

const wasmStep = {
  name: 'wasm',
  label: 'building WASM engine (emscripten)…',
  enabled() {
    return findEmxx() !== null;
  },
  isUpToDate() {
    return WASM_OUTPUTS.every((f) => exists(path.join(ROOT, f))) && STATE.steps.wasm === wasmHash(findEmxx());
  },
  run() {
    const hash = wasmHash(findEmxx());
    const r = run(process.execPath, [path.join(ROOT, 'wasm', 'build.mjs'), ...(OPTS.verbose ? ['--verbose'] : [])]);
    const log = r.output ? saveLog('oinfo-bootstrap-wasm.log', r.output) : null;
    const missing = WASM_OUTPUTS.filter((f) => !exists(path.join(ROOT, f)));
    if (!r.ok || missing.length > 0) {
      const why = r.ok ? `the build finished but ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not produced`
        : r.error ? `node wasm/build.mjs could not be started (${r.error.message})` : `node wasm/build.mjs exited with code ${r.status}`;
      throw new BootstrapError(
        `building the WASM engine failed: ${why}. ${wasmFailureHint(r.output)} ` +
        `${log ? `The full build log is in ${log}. ` : ''}Then run the same npm command again ` +
        '(or `node wasm/build.mjs --verbose` to watch the build).',
        r.output ? buildExcerpt(r.output) : '');
    }
    return hash;
  },
};

// ---------------------------------------------------------------------------------------------------
// Step 5: TypeScript (tsc -p tsconfig.json -> dist/), then the CLI bundled (scripts/bundle-cli.mjs -> dist/bin/)

const TS_SOURCE = (name) => /\.(m|c)?ts$/.test(name) || name.endsWith('.json');

function tsHash() {
  const files = ['tsconfig.json', 'scripts/bundle-cli.mjs', ...listFiles('src', TS_SOURCE), ...listFiles('bench', TS_SOURCE)];
  // The type definitions and the compiler come from node_modules: a lockfile change recompiles.
  return hashInputs(files, [lockHash()]);
}

const tsStep = {
  name: 'ts',
  label: 'compiling TypeScript (tsc) and bundling the CLI…',
  isUpToDate() {
    return exists(path.join(ROOT, 'dist', 'bin', 'oinfo.js')) && STATE.steps.ts === tsHash();
  },
  run() {
    const hash = tsHash();
    const [cmd, pre] = localBin('tsc');
    const r = run(cmd, [...pre, '-p', 'tsconfig.json']);
    if (!r.ok) {
      const why = r.error ? `tsc could not be started (${r.error.message})` : `tsc exited with code ${r.status}`;
      throw new BootstrapError(
        `compiling the TypeScript failed: ${why}. Fix the errors below (in src/ or bench/) and run the same npm command again.`,
        tail(r.output, 80));
    }
    const b = run(process.execPath, [path.join(ROOT, 'scripts', 'bundle-cli.mjs')]);
    if (!b.ok) {
      const why = b.error ? `node scripts/bundle-cli.mjs could not be started (${b.error.message})` : `node scripts/bundle-cli.mjs exited with code ${b.status}`;
      throw new BootstrapError(`bundling the CLI failed: ${why}. Fix the error below and run the same npm command again.`, tail(b.output, 40));
    }
    return hash;
  },
};

// ---------------------------------------------------------------------------------------------------
// Driver

const STEPS = [aptStep, npmStep, nativeStep, wasmStep, tsStep];

function stepSelected(name) {
  if (OPTS.skip.has(name)) return false;
  if (OPTS.only && !OPTS.only.has(name)) return false;
  return true;
}

function main() {
  OPTS = parseArgs(process.argv.slice(2));
  STATE = readState();
  let worked = 0;
  for (const step of STEPS) {
    if (!stepSelected(step.name) || step.enabled?.() === false) continue;
    // Installed Debian packages are authoritative in dpkg: --force does not reinstall them.
    const upToDate = (OPTS.force && step !== aptStep) ? false : step.isUpToDate();
    if (upToDate) continue;
    worked++;
    if (OPTS.dryRun) { say(`would run: ${step.label.replace(/…$/, '')}`); continue; }
    if (step !== aptStep) {
      say(step.label);
      delete STATE.steps[step.name]; // a failed or interrupted step must not look done later
      writeState();
    }
    const hash = step.run();
    if (typeof hash === 'string') {
      STATE.steps[step.name] = hash;
      writeState();
    }
  }
  if (OPTS.dryRun && worked === 0) say('everything is up to date');
}

try {
  main();
  process.exitCode = 0;
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${PREFIX} error: ${message}\n`);
  if (err instanceof BootstrapError && err.details) {
    process.stderr.write(`---\n${err.details.replace(/\s+$/, '')}\n---\n`);
  }
  process.exitCode = 1;
}
