'use strict';
// Loads the Emscripten build (wasm/dist/oinfo.cjs + oinfo.wasm) synchronously, for src/backend/wasmModule.ts
// (the main thread's instance) and wasm/worker.mjs (one instance per search worker).
//
// Emscripten 3.1.6's own loader would fetch() the .wasm on Node 18+ (which fails on a file path), so
// the module is compiled here from the file and handed over through `instantiateWasm`; with it the
// factory initialises synchronously, filling in the object passed to it. Each instance gets its own
// (shared, growable) memory. The loader of a -pthread build sets globalThis.Worker as a side effect;
// it is restored, since no pthread is ever started.

const fs = require('node:fs');
const path = require('node:path');

const DIST = path.join(__dirname, 'dist');
const GLUE = path.join(DIST, 'oinfo.cjs');
const WASM = path.join(DIST, 'oinfo.wasm');

/** The compiled WebAssembly.Module (sharable with workers through postMessage / workerData). */
function compile() {
  return new WebAssembly.Module(fs.readFileSync(WASM));
}

/** A new, initialised instance of the engine. `extra` becomes part of the Emscripten Module object. */
function instantiate(wasmModule, extra = {}) {
  const hadWorker = Object.prototype.hasOwnProperty.call(globalThis, 'Worker');
  const previousWorker = globalThis.Worker;
  const factory = require(GLUE);
  const Module = Object.assign({}, extra, {
    instantiateWasm(imports, receiveInstance) {
      const instance = new WebAssembly.Instance(wasmModule, imports);
      receiveInstance(instance, wasmModule);
      return instance.exports;
    },
  });
  let ready;
  try {
    ready = factory(Module);
  } finally {
    if (hadWorker) globalThis.Worker = previousWorker;
    else delete globalThis.Worker;
  }
  // An abort() later (e.g. out of memory) also rejects this promise: never let that become an
  // unhandled rejection (the failing call throws on its own).
  if (ready && typeof ready.catch === 'function') ready.catch(() => {});
  if (!Module.calledRun || typeof Module._oinfo_search !== 'function')
    throw new Error('the WASM engine did not initialise synchronously');
  return Module;
}

module.exports = { compile, instantiate, GLUE, WASM };
