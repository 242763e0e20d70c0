/**
 * oinfo's optional peer dependencies (package.json peerDependencies, the one place their versions are
 * set): parts of oinfo that the estimator does not need install them on demand, and say how when missing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { OinfoInputError } from '../errors.js';
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

/** `name@version …` of these peers at their pinned versions: what `npm install` needs. */
export function peerInstallArgs(names: readonly string[]): string {
  return peerPackages()
    .filter(([name]) => names.includes(name))
    .map(([name, version]) => `${name}@${version}`)
    .join(' ');
}

/** Throws an OinfoInputError (exit 2) naming the missing ones of `names` and the command that adds them. */
export function assertPeersInstalled(names: readonly string[], what: string, aside = ''): void {
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length > 0)
    throw new OinfoInputError(`${what} needs ${missing.join(', ')}, not installed with oinfo${aside}: npm install ${peerInstallArgs(missing)}`);
}
