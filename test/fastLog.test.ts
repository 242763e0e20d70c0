/**
 * The fast logarithm of the Ω histogram (native/engine/fast_log.hpp) against std::log, compiled here with
 * the engine's flags: within 2e-13 absolute (the histogram's fine grid is 1e-4 nats and its exact min/max
 * margin 1e-9), and the four-lane version the same bits as the scalar one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'oinfo-fastlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = promisify(execFile);

describe('fastLog', () => {
  it.each([['portable', []], ['AVX2', ['-mavx2']]] as const)('(%s build) is within 2e-13 of std::log, lanes bit-identical', async (_, extra) => {
    const exe = join(dir, `check-${extra.length}`);
    try {
      await run('g++', ['-std=c++17', '-O3', '-ffp-contract=off', ...extra, `-I${join(root, 'native', 'engine')}`, join(root, 'test', 'native', 'fast_log_check.cpp'), '-o', exe]);
    } catch (error) {
      throw new Error(`compiling test/native/fast_log_check.cpp failed (g++ is needed, as for the native addon: run \`npm run build\`, which installs it as root): ${(error as Error).message}`);
    }
    const { stdout } = await run(exe, []);
    const report = JSON.parse(stdout) as { values: number; maxAbsError: number; maxRelError: number; lanesSameBits: boolean };
    expect(report.values).toBeGreaterThan(800_000);
    expect(report.lanesSameBits).toBe(true);
    expect(report.maxAbsError).toBeLessThan(2e-13);
    expect(report.maxRelError).toBeLessThan(4e-15);
  });
});
