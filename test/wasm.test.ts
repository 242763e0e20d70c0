/**
 * What only the WASM backend has: its search worker (event loop left free, cancellation at any
 * moment, concurrent searches), its memory (flat however many multiplets a search visits), and the
 * loader's fallback and error messages (in a copy of the package without the addon / without the
 * WASM build). The shared behaviour is tested on both backends by the other suites (BACKENDS).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import type { Engine, RawSearchOptions } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { prebuiltAddonPath } from '../src/backend/nativeTransport.js';
import type { WasmTransport } from '../src/backend/wasmTransport.js';
import { REPO } from './helpers/cli.js';
import { randomCovariance } from './helpers/random.js';
import { SYNTH_CSV } from './helpers/reference.js';
import { binomial } from './helpers/combinatorics.js';

const wasm: Engine = getEngine('wasm');
/** The WASM transport keeps the heap figures of the last search that finished (diagnostics). */
const lastSearchMemory = () => (wasm.transport as WasmTransport).lastSearchMemory;

function options(k: number, extra: Partial<RawSearchOptions> = {}): RawSearchOptions {
  return { minSize: k, maxSize: k, exhaustiveMax: k, beam: 1, top: 10, threads: 1, units: 'bits', biasCorrect: true, ...extra };
}

function start(p: number, k: number, extra: Partial<RawSearchOptions> = {}, onProgress?: (d: number, t: number) => void) {
  const cov = randomCovariance(p, 17);
  const candidates = Int32Array.from({ length: p }, (_, i) => i);
  return wasm.search(cov, p, 1000, candidates, -1, options(k, extra), onProgress);
}

describe('the WASM backend', () => {
  it('keeps its heap flat: a search of more than 1e7 multiplets needs no more memory than one of 1e4', async () => {
    const small = start(20, 4); // 4 845 multiplets
    await small.promise;
    const s = lastSearchMemory()!;
    const big = start(50, 6); // 15 890 700 multiplets
    const result = await big.promise;
    const b = lastSearchMemory()!;
    expect(result.sizes[0].evaluated).toBe(binomial(50, 6));
    expect(result.sizes[0].evaluated).toBeGreaterThanOrEqual(1e7);
    console.log(
      `WASM heap: memory ${b.memoryBefore} → ${b.memoryAfter} bytes over ${result.sizes[0].evaluated} multiplets; ` +
        `malloc in use ${b.mallocStart} → ${b.mallocEnd} (small search: ${s.mallocStart} → ${s.mallocEnd})`,
    );
    expect(b.memoryAfter).toBe(b.memoryBefore); // the WebAssembly memory did not grow at all
    // What stays allocated during a search: the covariance, the tree state, the top-K lists, the result.
    expect(Math.abs(b.mallocEnd - b.mallocStart)).toBeLessThan(64 * 1024);
    expect(Math.abs(s.mallocEnd - s.mallocStart)).toBeLessThan(64 * 1024);
  });

  it('leaves the event loop free during a search and reports progress from the worker', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const progress: number[] = [];
    const started = performance.now();
    const handle = start(50, 6, {}, (done) => progress.push(done));
    await handle.promise;
    clearInterval(timer);
    const ms = performance.now() - started;
    console.log(`WASM search of 1.59e7 multiplets: ${ms.toFixed(0)} ms, ${ticks} timer ticks, ${progress.length} progress reports`);
    expect(ticks).toBeGreaterThan(ms / 10 / 4); // the main thread kept running timers
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(binomial(50, 6));
  });

  it('cancels before the worker has started, while it runs, and not after it has finished', async () => {
    const early = start(60, 6);
    early.cancel();
    await expect(early.promise).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });

    const running = start(80, 7); // ~3e9 multiplets: only a cancel ends it in time
    await new Promise((r) => setTimeout(r, 150));
    const t = performance.now();
    running.cancel();
    await expect(running.promise).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - t).toBeLessThan(100);

    const done = start(12, 3);
    const result = await done.promise;
    done.cancel(); // too late: nothing happens, and the worker's next search is not cancelled
    expect(result.cancelled).toBe(false);
    await expect(start(12, 3).promise).resolves.toEqual(result);
  });

  it('runs concurrent searches in separate workers with the same results as one at a time', async () => {
    const ks = [3, 4, 5, 4, 3];
    const sequential = [];
    for (const k of ks) sequential.push(await start(24, k).promise);
    const concurrent = await Promise.all(ks.map((k) => start(24, k).promise));
    expect(concurrent).toEqual(sequential);
  });

  it('rejects engine errors from the worker with the addon’s codes', async () => {
    await expect(start(10, 11).promise).rejects.toMatchObject({ code: 'OINFO_BAD_INPUT', message: expect.stringMatching(/exceeds the 10 candidate/) });
    expect(() => start(10, 3, { units: 'parsecs' as never })).toThrow(expect.objectContaining({ code: 'OINFO_BAD_INPUT' }));
  });
});

describe('the loader outside the repository', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oinfo-loader-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  /** A copy of the package (compiled JS, the WASM files if asked, no addon) that runs the CLI. */
  function packageCopy(name: string, withWasm: boolean): string {
    const root = join(tmp, name);
    mkdirSync(join(root, 'wasm'), { recursive: true });
    cpSync(join(REPO, 'package.json'), join(root, 'package.json'));
    for (const d of ['src', 'bin']) cpSync(join(REPO, 'dist', d), join(root, 'dist', d), { recursive: true });
    for (const f of ['instantiate.cjs', 'worker.mjs']) cpSync(join(REPO, 'wasm', f), join(root, 'wasm', f));
    if (withWasm) cpSync(join(REPO, 'wasm', 'dist'), join(root, 'wasm', 'dist'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
    return root;
  }

  function cli(root: string, args: string[], env: Record<string, string> = {}) {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
    if (!('OINFO_BACKEND' in env)) delete childEnv.OINFO_BACKEND;
    const r = spawnSync(process.execPath, [join(root, 'dist', 'bin', 'oinfo.js'), ...args], { encoding: 'utf8', env: childEnv, timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  const args = ['search', SYNTH_CSV(), '--target', 'y', '--min-size', '2', '--max-size', '4', '--top', '3'];

  it('auto falls back to WASM with a one-line note on stderr when the addon is missing', () => {
    const root = packageCopy('no-addon', true);
    const r = cli(root, args);
    expect(r.stderr).toMatch(/^oinfo: note: using the WASM backend, slower \(no native addon for \w+-\w+\): for the native one, run `npm run build` in /m);
    expect(r.stderr.match(/oinfo: note:/g)).toHaveLength(1);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).backend).toBe('wasm');
    const forced = cli(root, args, { OINFO_BACKEND: 'wasm' }); // asked for: no note
    expect(forced.code).toBe(0);
    expect(forced.stderr).not.toMatch(/note/);
    const native = cli(root, [...args, '--backend', 'native']);
    expect(native.code).toBe(3);
    expect(native.stderr).toMatch(/^oinfo: the native addon is not built \(.*oinfo\.node is missing, and this package has no prebuilt for \w+-\w+\): run `npm run build`/);
  });

  it('takes a local build first, the prebuilt next, and names a candidate that does not load', () => {
    const root = packageCopy('broken-build', true);
    mkdirSync(join(root, 'build', 'Release'), { recursive: true });
    writeFileSync(join(root, 'build', 'Release', 'oinfo.node'), 'not a shared object');
    const broken = cli(root, [...args, '--backend', 'native']);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/^oinfo: the native addon cannot be used: .*build\/Release\/oinfo\.node failed to load \(.*\): run `npm run build`/);
    const auto = cli(root, args);
    expect(auto.stderr).toMatch(/^oinfo: note: using the WASM backend, slower \(the native addon failed to load\)/);
    expect(JSON.parse(auto.stdout).backend).toBe('wasm');

    // The package's prebuilt for this platform is the next candidate: the broken build is passed over.
    const prebuilt = prebuiltAddonPath(root);
    mkdirSync(dirname(prebuilt), { recursive: true });
    cpSync(join(REPO, 'build', 'Release', 'oinfo.node'), prebuilt);
    const viaPrebuilt = cli(root, args);
    expect(viaPrebuilt.stderr).toBe('');
    expect(JSON.parse(viaPrebuilt.stdout).backend).toBe('native');

    // Both load: the local build wins (someone built it on purpose: `npm rebuild`, --build-from-source).
    const loadedFile = () => {
      const loader = join(root, 'dist', 'src', 'backend', 'nativeTransport.js');
      const code = `import { createRequire } from 'node:module'; const m = await import(${JSON.stringify(loader)}); m.loadNativeAddon();` +
        "console.log(Object.keys(createRequire(import.meta.url).cache).filter((f) => f.endsWith('.node')).join(','))";
      return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout.trim();
    };
    expect(loadedFile()).toBe(prebuilt);
    cpSync(join(REPO, 'build', 'Release', 'oinfo.node'), join(root, 'build', 'Release', 'oinfo.node'));
    expect(loadedFile()).toBe(join(root, 'build', 'Release', 'oinfo.node'));
  });

  it('a missing WASM build fails with a message that says how to build it', () => {
    const root = packageCopy('no-wasm', false);
    const r = cli(root, [...args, '--backend', 'wasm']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^oinfo: the WASM engine is not built \(.*oinfo\.(cjs|wasm) is missing\)\. Run `npm run build` in .*emscripten/m);
    const auto = cli(root, args);
    expect(auto.code).toBe(3);
    expect(auto.stderr).toMatch(/^oinfo: no compute backend could be loaded\. Native: .* WASM: the WASM engine is not built/m);
  });
});
