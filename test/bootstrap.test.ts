import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = path.join(ROOT, 'scripts', 'bootstrap.mjs');

// Lines the bootstrap prints when a step does work ("building native addon…", "installing…", …).
const WORK_LINE = /^oinfo bootstrap: (building|installing|compiling|refreshing|would run)/m;

function bootstrap(...args: string[]) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}`, ms: performance.now() - started };
}

describe('scripts/bootstrap.mjs', () => {
  // The npm step is skipped in the runs that may do work: vitest itself lives in node_modules, and
  // `npm ci` would delete it under this very test run. `npm test` bootstraps (npm step included)
  // before vitest starts, and the dry run below checks that the npm step has nothing left to do.
  it('sets everything up and exits 0', { timeout: 600_000 }, () => {
    const r = bootstrap('--skip=npm');
    expect(r.output).not.toMatch(/oinfo bootstrap: error/);
    expect(r.status).toBe(0);
  });

  it('is idempotent: a second run is quick and does no work', { timeout: 30_000 }, () => {
    const r = bootstrap('--skip=npm');
    expect(r.status).toBe(0);
    expect(r.output).not.toMatch(WORK_LINE);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('has nothing left to do in any step, npm included (dry run)', { timeout: 30_000 }, () => {
    const r = bootstrap('--dry-run');
    expect(r.status).toBe(0);
    expect(r.output).not.toMatch(/would run/);
    expect(r.ms).toBeLessThan(3_000);
  });

  it('rejects an unknown option with one readable line and exit code 1', () => {
    const r = bootstrap('--no-such-option');
    expect(r.status).toBe(1);
    expect(r.output.trim()).toBe('oinfo bootstrap: error: unknown option "--no-such-option"; try --help.');
  });
});
