/**
 * Loading the WASM build of the engine (wasm/build.mjs → wasm/dist/, shipped in the npm package) and
 * the parts of its Emscripten Module object that the WASM transport uses (wasm/oinfo_wasm.cpp's C ABI).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { OinfoBackendError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';

/** Where wasm/build.mjs puts the module, and the JS files beside it. */
export function wasmPaths() {
  const dir = join(packageRoot(), 'wasm');
  return {
    glue: join(dir, 'dist', 'oinfo.cjs'),
    wasm: join(dir, 'dist', 'oinfo.wasm'),
    instantiate: join(dir, 'instantiate.cjs'),
    worker: join(dir, 'worker.mjs'),
  };
}

type Status = number;

/** The C ABI of wasm/oinfo_wasm.cpp; pointers and lengths are numbers, results stay in the module. */
export interface OinfoModule {
  wasmMemory: WebAssembly.Memory;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  UTF8ToString(ptr: number): string;
  _oinfo_layout(): number;
  _oinfo_error_message(): number;
  _oinfo_result_data(): number;
  _oinfo_result_length(): number;
  _oinfo_heap_in_use(): number;
  _oinfo_copnorm(data: number, length: number, nSamples: number, nVars: number): Status;
  _oinfo_copula_covariance(data: number, length: number, nSamples: number, nVars: number): Status;
  _oinfo_covariance(data: number, length: number, nSamples: number, nVars: number): Status;
  _oinfo_covariance_with(data: number, length: number, nSamples: number, nVars: number, column: number, columnLength: number): Status;
  _oinfo_entropy(cov: number, covLength: number, dim: number, nSamples: number, members: number, nMembers: number, options: number, nOptions: number): Status;
  _oinfo_measure(
    cov: number, covLength: number, dim: number, nSamples: number, members: number, nMembers: number, options: number, nOptions: number,
    classCovs: number, classCovsLength: number, classCounts: number, nClasses: number, groupSizes: number, nGroups: number,
  ): Status;
  _oinfo_class_covariances(data: number, length: number, nSamples: number, nVars: number, labels: number, nLabels: number, nClasses: number): Status;
  _oinfo_csv_numbers(text: number, length: number, fields: number, crlf: number): Status;
  _oinfo_planned(nCandidates: number, options: number, nOptions: number): Status;
  _oinfo_class_mi(
    data: number, length: number, nSamples: number, nVars: number, labels: number, nLabels: number,
    nClasses: number, options: number, nOptions: number,
  ): Status;
}

interface Instantiator {
  compile(): WebAssembly.Module;
  instantiate(module: WebAssembly.Module, extra?: object): OinfoModule;
}

/** The compiled module (shared with the search workers) and this thread's instance of it. */
export function loadWasmModule(): { wasmModule: WebAssembly.Module; instance: OinfoModule; workerPath: string } {
  const paths = wasmPaths();
  for (const file of [paths.glue, paths.wasm]) {
    if (!existsSync(file)) {
      throw new OinfoBackendError(
        `the WASM engine is not built (${file} is missing). Run \`npm run build\` in ${packageRoot()} ` +
          '(it needs Emscripten: the Debian package emscripten, which it installs when run as root; or `node wasm/build.mjs` ' +
          'with em++ on the PATH).',
      );
    }
  }
  try {
    const loader = createRequire(import.meta.url)(paths.instantiate) as Instantiator;
    const wasmModule = loader.compile();
    return { wasmModule, instance: loader.instantiate(wasmModule), workerPath: paths.worker };
  } catch (error) {
    throw new OinfoBackendError(
      `the WASM engine in ${join(packageRoot(), 'wasm', 'dist')} failed to load: ${(error as Error).message}. ` +
        'Rebuild it with `npm run build`.',
      { cause: error },
    );
  }
}
