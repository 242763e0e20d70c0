/**
 * The npm package works where nothing can be compiled: `npm pack`, install the tarball into an empty
 * folder with --ignore-scripts (so no addon is built), and `oinfo search` answers through the WASM
 * engine that the tarball carries, with the numbers of the native addon.
 * Needs the npm registry (or npm's cache) for oinfo's dependencies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { oinfo, REPO } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';

const TOL = 1e-12;

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status ?? r.error?.message}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('the packed npm package', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'oinfo-pack-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('installs without building anything and searches through WASM with the native numbers', { timeout: 600_000 }, () => {
    const t0 = performance.now();
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], REPO))[0] as {
      filename: string;
      files: { path: string }[];
    };
    const files = new Set(packed.files.map((f) => f.path));
    for (const f of ['wasm/dist/oinfo.wasm', 'wasm/dist/oinfo.cjs', 'wasm/instantiate.cjs', 'wasm/worker.mjs', 'dist/src/cli/main.js', 'dist/src/backend/wasmTransport.js'])
      expect(files.has(f), `${f} in the tarball`).toBe(true);
    expect([...files].some((f) => f.startsWith('build/') || f.endsWith('.node'))).toBe(false);
    const t1 = performance.now();

    const app = join(tmp, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'oinfo-pack-test', private: true, version: '1.0.0' }));
    npm(['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', join(tmp, packed.filename)], app);
    const installed = join(app, 'node_modules', 'oinfo');
    expect(existsSync(join(installed, 'build'))).toBe(false);
    const t2 = performance.now();

    const args = ['search', SYNTH_CSV(), '--target', 'y', '--min-size', '2', '--max-size', '6', '--exhaustive-max', '4', '--beam', '2', '--top', '5'];
    const env: Record<string, string | undefined> = { ...process.env };
    delete env.OINFO_BACKEND;
    const r = spawnSync(process.execPath, [join(installed, 'dist', 'src', 'cli', 'main.js'), ...args], { cwd: app, encoding: 'utf8', env, timeout: 120_000 });
    const t3 = performance.now();
    expect(r.stderr).toMatch(/oinfo: note: using the WASM backend \(native addon not available/);
    expect(r.status).toBe(0);
    const viaWasm = JSON.parse(r.stdout);
    expect(viaWasm.backend).toBe('wasm');

    const reference = oinfo([...args, '--backend', 'native']);
    expect(reference.code).toBe(0);
    const viaNative = JSON.parse(reference.stdout);
    expect(viaNative.backend).toBe('native');
    expect(viaWasm.sizes.length).toBe(viaNative.sizes.length);
    viaNative.sizes.forEach((s: any, i: number) => {
      const w = viaWasm.sizes[i];
      expect([w.size, w.method, w.evaluated, w.singular]).toEqual([s.size, s.method, s.evaluated, s.singular]);
      for (const list of ['synergy', 'redundancy']) {
        expect(w[list].map((m: any) => m.vars)).toEqual(s[list].map((m: any) => m.vars));
        s[list].forEach((m: any, j: number) => expect(Math.abs(m.oinfo - w[list][j].oinfo)).toBeLessThanOrEqual(TOL));
      }
    });
    console.log(
      `pack test: npm pack ${((t1 - t0) / 1000).toFixed(1)} s, npm install --ignore-scripts ${((t2 - t1) / 1000).toFixed(1)} s, ` +
        `oinfo search via WASM ${((t3 - t2) / 1000).toFixed(2)} s (tarball ${packed.filename}, ${files.size} files)`,
    );
  });
});
