import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The directory of oinfo's package.json, found upwards from this module (works from src/ and dist/). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'oinfo') return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the oinfo package root');
    dir = parent;
  }
}

/** oinfo's own version (from its package.json, not the host project's npm_package_version). */
export function packageVersion(): string {
  return String(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);
}
