/**
 * The compute backends the benchmarks measure — the one place to list them. Every suite loops over
 * the ones that load on this machine; the others are reported as skipped (with the loader's reason).
 * `wasm` is listed already: getEngine('wasm') fails until issue #3 lands, and from then on the WASM
 * engine is benchmarked next to the native one with no change here.
 */
import type { BackendName, Engine } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';

export const BACKENDS: readonly BackendName[] = ['native', 'wasm'];

export interface AvailableBackend {
  name: BackendName;
  engine: Engine;
}

export interface SkippedBackend {
  name: BackendName;
  reason: string;
}

export function loadBackends(only?: readonly string[]): { available: AvailableBackend[]; skipped: SkippedBackend[] } {
  const available: AvailableBackend[] = [];
  const skipped: SkippedBackend[] = [];
  for (const name of BACKENDS) {
    if (only && only.length > 0 && !only.includes(name)) continue;
    try {
      available.push({ name, engine: getEngine(name) });
    } catch (error) {
      skipped.push({ name, reason: (error as Error).message });
    }
  }
  return { available, skipped };
}
