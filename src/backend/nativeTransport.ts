/**
 * The native transport: the Node addon (native/addon over native/protocol), found where it may be:
 *   1. build/Release/oinfo.node — built here: `npm run build` in the repository, or the install
 *      script where no prebuilt loads or `--build-from-source` was asked (scripts/install.mjs);
 *   2. prebuilds/<platform>-<arch>/oinfo.<libc>.node — shipped in the npm package (made by `npm pack`,
 *      scripts/prebuild.mjs), so an install needs no compiler.
 * A build made here comes first because someone asked for it (node-gyp-build's order too). The first
 * that loads *and* speaks this code's protocol wins; one that exists but fails is named in the error,
 * so a user sees why (an older glibc, a build from other sources).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';

import { OinfoBackendError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';
import { PROTOCOL_LAYOUT, type Transport } from './protocol.js';

/** The platform key of prebuilds/ (prebuildify's convention: `linux-x64`, `darwin-arm64`, …). */
export function platformKey(): string {
  return `${process.platform}-${process.arch}`;
}

/** Where the package's prebuilt addon for this platform would be (linux: the glibc build). */
export function prebuiltAddonPath(root = packageRoot()): string {
  const libc = process.platform === 'linux' ? '.glibc' : '';
  return join(root, 'prebuilds', platformKey(), `oinfo${libc}.node`);
}

/** Where a local build (cmake-js in the repository, cmake in the install script) puts the addon. */
export function nativeAddonPath(root = packageRoot()): string {
  return join(root, 'build', 'Release', 'oinfo.node');
}

/** True when oinfo is an installed dependency (then `npm rebuild oinfo` is the advice), not the repository. */
function installedAsDependency(root: string): boolean {
  return root.includes(`${sep}node_modules${sep}`);
}

/** What makes a native addon: the advice of the error and of the WASM note. */
export function buildAdvice(root = packageRoot()): string {
  return installedAsDependency(root)
    ? 'run `npm rebuild oinfo` (needs cmake ≥ 3.15, a C++17 compiler and Eigen 3.4)'
    : `run \`npm run build\` in ${root} (needs g++, cmake and libeigen3-dev; as root it installs them)`;
}

/** The addon could not be loaded: `reason` is the short why (for the WASM note), the message the whole story. */
export class NativeAddonUnavailableError extends OinfoBackendError {
  constructor(
    message: string,
    readonly reason: string,
    readonly advice: string,
  ) {
    super(message);
  }
}

type Attempt = { path: string; addon?: Record<string, unknown>; failure?: string };

function tryLoad(path: string): Attempt {
  if (!existsSync(path)) return { path };
  let addon: Record<string, unknown>;
  try {
    addon = createRequire(import.meta.url)(path) as Record<string, unknown>;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return { path, failure: `${path} failed to load (${reason})` };
  }
  if (addon.layout !== PROTOCOL_LAYOUT) return { path, failure: `${path} was built from other sources than this oinfo` };
  return { path, addon };
}

let loaded: Record<string, unknown> | undefined;

/**
 * The addon's exports (the engine's transport functions, and `nn`: the training kernels), from the
 * first candidate that works; the error names what was found and the command that fixes it.
 */
export function loadNativeAddon(): Record<string, unknown> {
  if (loaded) return loaded;
  const root = packageRoot();
  const attempts: Attempt[] = [];
  for (const path of [nativeAddonPath(root), prebuiltAddonPath(root)]) {
    const attempt = tryLoad(path); // in order, stopping at the first that works: one addon per process
    if (attempt.addon) return (loaded = attempt.addon);
    attempts.push(attempt);
  }
  const failures = attempts.filter((a) => a.failure).map((a) => a.failure);
  const what =
    failures.length > 0
      ? `the native addon cannot be used: ${failures.join('; ')}`
      : `the native addon is not built (${nativeAddonPath(root)} is missing, and this package has no prebuilt for ${platformKey()})`;
  const reason = failures.length > 0 ? 'the native addon failed to load' : `no native addon for ${platformKey()}`;
  const advice = buildAdvice(root);
  throw new NativeAddonUnavailableError(`${what}: ${advice}`, reason, advice);
}

/** The native transport over the addon (loadNativeAddon's errors). */
export function loadNativeTransport(): Transport {
  const addon = loadNativeAddon() as unknown as Omit<Transport, 'name'>;
  // The addon's functions already have the Transport's signatures (native/addon/module.cpp).
  return Object.assign(Object.create(addon) as Transport, { name: 'native' as const, layout: String(addon.layout) });
}
