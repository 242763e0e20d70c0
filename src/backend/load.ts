import { OinfoBackendError, OinfoInputError } from '../errors.js';
import { type BackendName, Engine } from './engine.js';
import { loadNativeTransport } from './nativeTransport.js';
import { loadWasmTransport } from './wasmTransport.js';

export type BackendChoice = 'auto' | BackendName;

const loaded = new Map<BackendName, Engine>();
const failed = new Map<BackendName, Error>();
let fallbackNoticeShown = false;

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

/** Loads a backend once per process; a failure is remembered too (the files will not appear meanwhile). */
function load(name: BackendName): Engine {
  const cached = loaded.get(name);
  if (cached) return cached;
  const failure = failed.get(name);
  if (failure) throw failure;
  try {
    const engine = new Engine(name === 'wasm' ? loadWasmTransport() : loadNativeTransport());
    loaded.set(name, engine);
    return engine;
  } catch (error) {
    failed.set(name, error as Error);
    throw error;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The compute backend: `native` (the addon), `wasm` (the same engine compiled to WebAssembly), or
 * `auto` — the addon when it loads, else WASM, with a one-line note on stderr (once per process)
 * saying why. Errors say what is missing and how to fix it.
 */
export function getEngine(choice?: string): Engine {
  const resolved = resolveChoice(choice);
  if (resolved !== 'auto') return load(resolved);
  let nativeError: Error;
  try {
    return load('native');
  } catch (error) {
    nativeError = error as Error;
  }
  let engine: Engine;
  try {
    engine = load('wasm');
  } catch (wasmError) {
    throw new OinfoBackendError(
      `no compute backend could be loaded. Native: ${oneLine(nativeError.message)} WASM: ${oneLine((wasmError as Error).message)}`,
      { cause: wasmError },
    );
  }
  if (!fallbackNoticeShown) {
    fallbackNoticeShown = true;
    process.stderr.write(`oinfo: note: using the WASM backend (native addon not available: ${oneLine(nativeError.message)})\n`);
  }
  return engine;
}
