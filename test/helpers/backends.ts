import type { BackendName } from '../../src/backend/engine.js';

/**
 * Every backend the suites run on. A backend that fails to load fails the tests (with the loader's
 * message saying how to build it) — it is never skipped.
 */
export const BACKENDS: BackendName[] = ['native', 'wasm'];
