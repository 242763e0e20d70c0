/**
 * The npm package as a user gets it: `npm pack`, then `npm install oinfo-x.tgz` into new projects.
 *   - the tarball carries this platform's prebuilt addon, the WASM engine and the sources for a build;
 *   - installed with install scripts and without, the addon loads (native) and `oinfo search` gives
 *     the repository's numbers, bit for bit; the install is lean (no TF.js, vega, resvg, cmake-js,
 *     ≤ 30 MB, no EBADENGINE) and `--version` is oinfo's own; require() works; the pipeline commands
 *     say which packages to add (exit 2);
 *   - where no prebuilt matches (simulated by removing prebuilds/): WASM with a one-line note whose
 *     advice is `npm rebuild oinfo`; that install script never fails (no cmake: one line, exit 0),
 *     and with the tools it builds the addon from source, after which the numbers are native again.
 * Needs the npm registry or npm's cache (filled by `npm ci`) for oinfo's five dependencies.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, delimiter } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { oinfo, REPO } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** Runs a command without blocking the test worker (a minute-long spawnSync starves vitest's RPC). */
function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  // As a user's shell has it: nothing of the npm that runs these tests (`npm test` passes its whole config
  // on as npm_config_*, allow_scripts among them, and npm_package_* of this repository), nor its INIT_CWD.
  const inherited = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'OINFO_BACKEND');
  const childEnv: Record<string, string | undefined> = { ...Object.fromEntries(inherited), npm_config_fund: 'false', npm_config_audit: 'false', ...env };
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv, timeout: 600_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', (error) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function npm(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  const r = await run('npm', args, cwd, env);
  if (r.code !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.code ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Bytes under a folder (files, not blocks: what the packages weigh wherever they are copied). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

const SEARCH = ['search', SYNTH_CSV(), '--target', 'y', '--min-size', '2', '--max-size', '6', '--exhaustive-max', '4', '--beam', '2', '--top', '5'];

/** The search's lists, exactly (vars and all four measures), and the backend that computed them. */
function answer(stdout: string) {
  const result = JSON.parse(stdout);
  const lists = result.sizes.map((s: any) => [s.size, s.method, s.evaluated, ...['synergy', 'redundancy'].map((l) => s[l].map((m: any) => [m.vars, m.oinfo, m.tc, m.dtc, m.sinfo]))]);
  return { backend: result.backend as string, lists };
}

describe('the packed npm package', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oinfo-pack-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const reference = oinfo([...SEARCH, '--backend', 'native']);
  let tarball = '';

  /**
   * A host project with a version of its own (`oinfo --version` must not print it). Its allowScripts
   * approves oinfo's install script (npm 11.16+ warns about an unapproved one, npm 12 skips it): a
   * tarball by its `file:` spec, not by the package's name, which npm does not count for it.
   */
  function newProject(name: string, allowScripts = false): string {
    const app = join(tmp, name);
    mkdirSync(app, { recursive: true });
    const project = { name: `oinfo-${name}`, private: true, version: '9.9.9', ...(allowScripts ? { allowScripts: { [`file:${tarball}`]: true } } : {}) };
    writeFileSync(join(app, 'package.json'), JSON.stringify(project));
    return app;
  }

  function cli(app: string, args: string[], env: Record<string, string | undefined> = {}) {
    return run(process.execPath, [join(app, 'node_modules', 'oinfo', 'dist', 'bin', 'oinfo.js'), ...args], app, env);
  }

  it('packs the prebuilt addon, the WASM engine and the build sources, and nothing of the repository', { timeout: 600_000 }, async () => {
    const packed = JSON.parse((await npm(['pack', '--json', '--pack-destination', tmp], REPO)).stdout)[0] as { filename: string; files: { path: string }[] };
    tarball = join(tmp, packed.filename);
    const files = new Set(packed.files.map((f) => f.path));
    const key = `${process.platform}-${process.arch}`;
    for (const f of [`prebuilds/${key}/oinfo.glibc.node`, 'wasm/dist/oinfo.wasm', 'wasm/dist/oinfo.cjs', 'wasm/instantiate.cjs', 'wasm/worker.mjs', 'dist/bin/oinfo.js', 'scripts/install.mjs', 'scripts/build-addon.mjs', 'CMakeLists.txt', 'native/engine/enumerator.hpp', 'LICENSE'])
      expect(files.has(f), `${f} in the tarball`).toBe(true);
    for (const prefix of ['build/', 'test/', 'bench/', 'dist/bench/', 'dist/test/', 'docs/', 'runs/'])
      expect([...files].filter((f) => f.startsWith(prefix)), `nothing under ${prefix}`).toEqual([]);
    expect(existsSync(join(REPO, 'prebuilds')), 'postpack removed prebuilds/ from the working tree').toBe(false);
  });

  it('installs lean, loads the prebuilt addon with and without install scripts, and answers with the repository’s numbers', { timeout: 600_000 }, async () => {
    expect(reference.code).toBe(0);
    const expected = answer(reference.stdout);
    expect(expected.backend).toBe('native');
    for (const [name, flags] of [['with-scripts', ['--foreground-scripts']], ['without-scripts', ['--ignore-scripts']]] as const) {
      const app = newProject(name, name === 'with-scripts');
      const install = await npm(['install', '--prefer-offline', ...flags, tarball], app);
      expect(`${install.stdout}${install.stderr}`, `${name}: no engine warnings`).not.toMatch(/EBADENGINE/);
      // npm prints a script it runs (--foreground-scripts): the install script ran, or was skipped, as asked.
      const ran = /> node scripts\/install\.mjs/.test(install.stdout);
      expect(ran, `${name}: the install script ${name === 'with-scripts' ? 'ran' : 'did not run'}`).toBe(name === 'with-scripts');
      expect(install.stderr, `${name}: a prebuilt loads, so the install script builds nothing`).not.toMatch(/oinfo install:/);
      const modules = join(app, 'node_modules');
      for (const heavy of ['@tensorflow', 'vega', 'vega-lite', '@resvg', 'cmake-js', 'bullmq', 'ioredis'])
        expect(existsSync(join(modules, heavy)), `${name}: ${heavy} not installed`).toBe(false);
      const megabytes = folderBytes(modules) / 2 ** 20;
      console.log(`pack test (${name}): node_modules ${megabytes.toFixed(1)} MB, ${readdirSync(modules).filter((d) => !d.startsWith('.')).length} top-level packages`);
      expect(megabytes).toBeLessThanOrEqual(30);
      expect(existsSync(join(modules, 'oinfo', 'build')), `${name}: nothing was compiled`).toBe(false);

      const search = await cli(app, SEARCH);
      expect(search.stderr).toBe('');
      expect(search.code).toBe(0);
      expect(answer(search.stdout)).toEqual(expected);

      const version = await cli(app, ['--version']);
      expect(version.stdout.trim()).toBe(manifest.version);
      const required = await run(process.execPath, ['-e', "const o = require('oinfo'); console.log(o.getEngine().name, typeof o.search)"], app);
      expect(required.stderr).toBe('');
      expect(required.stdout.trim()).toBe('native function');
      const pipeline = await cli(app, ['reproduce', '--quick', '--out', join(app, 'run')]);
      expect(pipeline.code).toBe(2);
      expect(pipeline.stderr).toMatch(/^oinfo: the paper's pipeline needs .*: npm install .*@tensorflow\/tfjs@4\.22\.0 .*\n$/);
      expect(existsSync(join(app, 'run'))).toBe(false);
      const plot = await cli(app, ['plot', 'landscape', join(app, 'package.json')]);
      expect(plot.code).toBe(2); // not a search's JSON: said before any drawing package is needed
      const worker = await cli(app, ['worker', '--queue', 'redis://127.0.0.1:1']);
      expect(worker.code).toBe(2);
      expect(worker.stderr).toBe('oinfo: the distributed search needs bullmq and ioredis, not installed with oinfo: npm install bullmq@6.7.0 ioredis@6.0.0\n');
    }
  });

  it('without a prebuilt for the platform: WASM with a one-line note, then `npm rebuild oinfo` builds the addon', { timeout: 900_000 }, async () => {
    const expected = answer(reference.stdout);
    const app = newProject('other-platform');
    await npm(['install', '--prefer-offline', '--ignore-scripts', tarball], app);
    const installed = join(app, 'node_modules', 'oinfo');
    rmSync(join(installed, 'prebuilds'), { recursive: true });

    const viaWasm = await cli(app, SEARCH);
    expect(viaWasm.code).toBe(0);
    const note = viaWasm.stderr.trimEnd().split('\n');
    expect(note).toHaveLength(1);
    expect(note[0]).toMatch(/^oinfo: note: using the WASM backend, slower \(no native addon for .*\): for the native one, run `npm rebuild oinfo`/);
    expect(note[0].length).toBeLessThanOrEqual(200);
    const wasm = answer(viaWasm.stdout);
    expect(wasm.backend).toBe('wasm');
    // The same multiplets in the same order; the measures to the last bits (the WASM build's libm
    // rounds log/lgamma its own way: differences of a few ulps).
    expect(wasm.lists.length).toBe(expected.lists.length);
    expect(JSON.stringify(wasm.lists, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v))).toBe(
      JSON.stringify(expected.lists, (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v)),
    );

    // No cmake on PATH: the install script says so in one line and the install still succeeds.
    const fakeBin = join(tmp, 'no-cmake-bin');
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(join(fakeBin, 'cmake'), '#!/bin/sh\nexit 127\n');
    chmodSync(join(fakeBin, 'cmake'), 0o755);
    const noTools = await npm(['rebuild', 'oinfo', '--foreground-scripts'], app, { PATH: `${fakeBin}${delimiter}${process.env.PATH}` });
    expect(noTools.stderr).toMatch(/oinfo install: no native addon for .* and no cmake to build one: oinfo will use its WASM engine/);
    expect(existsSync(join(installed, 'build', 'Release', 'oinfo.node'))).toBe(false);

    // With the tools: a source build (plain cmake with node-api-headers; cmake-js is not installed).
    const t0 = performance.now();
    const rebuilt = await npm(['rebuild', 'oinfo', '--foreground-scripts'], app);
    expect(existsSync(join(app, 'node_modules', 'cmake-js'))).toBe(false);
    const seconds = (performance.now() - t0) / 1000;
    expect(rebuilt.stderr).toMatch(/oinfo install: built .*oinfo\.node/);
    console.log(`pack test: npm rebuild oinfo (source build) ${seconds.toFixed(0)} s`);
    const viaBuild = await cli(app, SEARCH);
    expect(viaBuild.stderr).toBe('');
    expect(answer(viaBuild.stdout)).toEqual(expected);
  });
});
