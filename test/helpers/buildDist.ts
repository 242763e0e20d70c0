/**
 * Vitest globalSetup: recompiles src/ into dist/ when a source changed since the last build, before
 * the suite and before every re-run in watch mode. Tests run dist/ code — the CLI they spawn, the
 * TF.js training workers (a worker thread cannot load .ts) — so without this an edited source would
 * silently run as its old compiled self. The up-to-date check is the bootstrap's own (a content hash
 * of src/, bench/, tsconfig.json and the lockfile; ~0.1 s when nothing changed).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

import { REPO } from './cli.js';

function buildDist(): void {
  const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'bootstrap.mjs'), '--only=ts'], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('compiling src/ into dist/ failed (see above): fix it, then run the tests again');
}

export default function setup(project: TestProject): void {
  buildDist();
  project.onTestsRerun(buildDist);
}
