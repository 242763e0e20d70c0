import { OinfoBackendError, OinfoInputError, OinfoOptionError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import { type BackendName, Engine } from './engine.js';
import { loadNativeTransport, NativeAddonUnavailableError } from './nativeTransport.js';
import { loadWasmTransport } from './wasmTransport.js';

export type BackendChoice = 'auto' | BackendName;

const loaded = new Map<BackendName, Engine>();
const failed = new Map<BackendName, Error>();
let fallbackNoticeShown = false;

const isChoice = (value: unknown): value is BackendChoice => value === 'auto' || value === 'native' || value === 'wasm';

/** The backend asked for by the option `backend`, else the env variable OINFO_BACKEND, else auto. */
export function resolveChoice(choice?: unknown): BackendChoice {
  if (choice !== undefined) {
    if (isChoice(choice)) return choice;
    throw new OinfoOptionError('backend', `must be auto, native or wasm, got ${describeValue(choice)}`);
  }
  const env = process.env.OINFO_BACKEND;
  if (!env) return 'auto';
  if (isChoice(env)) return env;
  throw new OinfoInputError(`OINFO_BACKEND must be auto, native or wasm, got "${env}"`);
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

/** One short line: WASM is in use, why, and the command that gives the native addon. */
function fallbackNote(nativeError: Error): string {
  if (nativeError instanceof NativeAddonUnavailableError)
    return `using the WASM backend, slower (${nativeError.reason}): for the native one, ${nativeError.advice}`;
  return `using the WASM backend (native addon not available: ${oneLine(nativeError.message)})`;
}

/**
 * The compute backend: `native` (the addon), `wasm` (the same engine compiled to WebAssembly), or
 * `auto` — the addon when it loads, else WASM, with a one-line note on stderr (once per process)
 * saying why. Errors say what is missing and how to fix it.
 */
export function getEngine(choice?: unknown): Engine {
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
    process.stderr.write(`oinfo: note: ${fallbackNote(nativeError)}\n`);
  }
  return engine;
}
