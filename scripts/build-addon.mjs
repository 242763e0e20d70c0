// Builds the native addon with plain cmake, for an installed package where no prebuilt matches
// (scripts/install.mjs). The repository builds with cmake-js instead (scripts/bootstrap.mjs); both
// drive the same CMakeLists.txt. Plain cmake here because cmake-js is not a runtime dependency: the
// Node-API headers come from the small node-api-headers package, node-addon-api's from its own.
//
// Output: build/Release/oinfo.node (where the loader looks, src/backend/nativeTransport.ts); the
// cmake tree is build/cmake-install/. Plain Node ESM: no dependency is needed to run it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { nativeBuildHint } from './lib/nativeBuildHints.mjs';

/** True when `command --version` runs. */
export function hasTool(command) {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', stdio: 'pipe' });
  return r.status === 0;
}

/** The tools a source build needs that are missing from PATH (cmake, and a C++ compiler). */
export function missingTools() {
  const missing = [];
  if (!hasTool('cmake')) missing.push('cmake');
  const cxx = process.env.CXX;
  if (!(cxx ? hasTool(cxx) : hasTool('c++') || hasTool('g++') || hasTool('clang++'))) missing.push('a C++17 compiler');
  return missing;
}

/**
 * Configures and builds the addon under `root` (the package folder). Returns { ok: true, addon } or
 * { ok: false, why, hint, output }; never throws for a failed build.
 */
export function buildAddon(root, { timeoutMs = 15 * 60_000, onLine = () => {} } = {}) {
  const require = createRequire(path.join(root, 'package.json'));
  let headers;
  try {
    headers = require('node-api-headers').include_dir;
  } catch {
    return { ok: false, why: 'the node-api-headers package is missing', hint: 'reinstall oinfo (npm install oinfo).', output: '' };
  }
  const tree = path.join(root, 'build', 'cmake-install');
  const out = path.join(root, 'build', 'Release');
  const addon = path.join(out, 'oinfo.node');
  const parallel = String(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const steps = [
    ['configuring (cmake)', ['-S', root, '-B', tree, '-DCMAKE_BUILD_TYPE=Release', `-DNODE_API_INCLUDE_DIRS=${headers}`, `-DCMAKE_LIBRARY_OUTPUT_DIRECTORY=${out}`]],
    ['compiling (a minute or two)', ['--build', tree, '--target', 'oinfo_addon', '--parallel', parallel]],
  ];
  let output = '';
  for (const [label, args] of steps) {
    onLine(label);
    const r = spawnSync('cmake', args, { cwd: root, encoding: 'utf8', stdio: 'pipe', timeout: timeoutMs, maxBuffer: 64 << 20 });
    output += `$ cmake ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status !== 0) {
      const why = r.error ? `cmake could not run (${r.error.message})` : `cmake exited with ${r.status ?? r.signal}`;
      return { ok: false, why, hint: nativeBuildHint(output + (r.error ? String(r.error.message) : '')), output };
    }
  }
  if (!fs.existsSync(addon)) return { ok: false, why: `the build finished without ${addon}`, hint: nativeBuildHint(output), output };
  return { ok: true, addon };
}
