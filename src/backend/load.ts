import { OinfoBackendError, OinfoInputError } from '../errors.js';
import type { BackendName, Engine } from './engine.js';
import { loadNative } from './native.js';

export type BackendChoice = 'auto' | BackendName;

const loaded = new Map<BackendName, Engine>();

function parseChoice(value: string, origin: string): BackendChoice {
  if (value === 'auto' || value === 'native' || value === 'wasm') return value;
  throw new OinfoInputError(`${origin} must be auto, native or wasm, got "${value}"`);
}

/** The backend asked for by an option, else the env variable OINFO_BACKEND, else auto. */
export function resolveChoice(choice?: string): BackendChoice {
  if (choice !== undefined) return parseChoice(choice, '--backend');
  const env = process.env.OINFO_BACKEND;
  return env ? parseChoice(env, 'OINFO_BACKEND') : 'auto';
}

function load(name: BackendName): Engine {
  const cached = loaded.get(name);
  if (cached) return cached;
  if (name === 'wasm') {
    throw new OinfoBackendError('the WASM backend is not part of this build yet; use --backend native (or auto).');
  }
  const engine = loadNative();
  loaded.set(name, engine);
  return engine;
}

/**
 * The compute backend: `native` (the addon), `wasm`, or `auto` — the addon when it loads.
 * Errors say what is missing and how to fix it.
 */
export function getEngine(choice?: string): Engine {
  const resolved = resolveChoice(choice);
  return load(resolved === 'auto' ? 'native' : resolved);
}
