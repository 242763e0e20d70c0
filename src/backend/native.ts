import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { OinfoBackendError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';
import type { Engine } from './engine.js';

/** Where `npm run build` (cmake-js) puts the addon. */
export function nativeAddonPath(): string {
  return join(packageRoot(), 'build', 'Release', 'oinfo.node');
}

/** Loads the native addon; the error says what is missing and the command that fixes it. */
export function loadNative(): Engine {
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    throw new OinfoBackendError(
      `the native addon is not built (${path} is missing). Run \`npm run build\` in ${packageRoot()} ` +
        '(it needs g++, cmake and the Debian package libeigen3-dev; as root it installs them).',
    );
  }
  try {
    const require = createRequire(import.meta.url);
    const addon = require(path) as Omit<Engine, 'name'>;
    return Object.assign(Object.create(addon) as Engine, { name: 'native' as const });
  } catch (error) {
    throw new OinfoBackendError(
      `the native addon at ${path} failed to load: ${(error as Error).message}. ` +
        'Rebuild it with `npm run build` (for example after a Node.js upgrade).',
      { cause: error },
    );
  }
}
