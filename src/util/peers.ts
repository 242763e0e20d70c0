/**
 * oinfo's optional peer dependencies (package.json peerDependencies, the one place their versions are
 * set): parts of oinfo that the estimator does not need install them on demand, and say how when missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from './packageRoot.js';

/** Every optional peer with its pinned version. */
export function peerPackages(): [name: string, version: string][] {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  return Object.entries<string>(manifest.peerDependencies ?? {});
}

export function isInstalled(name: string): boolean {
  try {
    import.meta.resolve(name);
    return true;
  } catch {
    return false;
  }
}
