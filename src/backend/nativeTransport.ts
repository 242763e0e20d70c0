/** The native transport: the Node addon built by cmake-js (native/addon over native/protocol). */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { OinfoBackendError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';
import type { Transport } from './protocol.js';

/** Where `npm run build` (cmake-js) puts the addon. */
export function nativeAddonPath(): string {
  return join(packageRoot(), 'build', 'Release', 'oinfo.node');
}

/**
 * The addon's exports (the engine's transport functions, and `nn`: the training kernels); the error
 * says what is missing and the command that fixes it.
 */
export function loadNativeAddon(): Record<string, unknown> {
  const path = nativeAddonPath();
  if (!existsSync(path)) {
    throw new OinfoBackendError(
      `the native addon is not built (${path} is missing). Run \`npm run build\` in ${packageRoot()} ` +
        '(it needs g++, cmake and the Debian package libeigen3-dev; as root it installs them).',
    );
  }
  try {
    return createRequire(import.meta.url)(path) as Record<string, unknown>;
  } catch (error) {
    throw new OinfoBackendError(
      `the native addon at ${path} failed to load: ${(error as Error).message}. ` +
        'Rebuild it with `npm run build` (for example after a Node.js upgrade).',
      { cause: error },
    );
  }
}

/** The native transport over the addon (loadNativeAddon's errors). */
export function loadNativeTransport(): Transport {
  const addon = loadNativeAddon() as unknown as Omit<Transport, 'name'>;
  // The addon's functions already have the Transport's signatures (native/addon/module.cpp).
  return Object.assign(Object.create(addon) as Transport, { name: 'native' as const, layout: String(addon.layout) });
}
