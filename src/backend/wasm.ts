/**
 * The WASM backend: the same C++ engine as the addon (native/engine/*.cpp), compiled with Emscripten
 * by wasm/build.mjs into wasm/dist/ (shipped in the npm package), behind the C ABI of
 * wasm/oinfo_wasm.cpp.
 *
 * - Synchronous primitives (copnorm, covariances, entropy, measure, plannedMultiplets) run on this
 *   thread's own instance.
 * - search() runs in a worker_thread (wasm/worker.mjs) that owns another instance, so the event loop
 *   stays free; progress comes back as messages. The module is built with shared memory, so cancel()
 *   stores 1 into the engine's std::atomic<bool> cancel flag inside the worker's memory, which the
 *   enumeration reads once per leaf row (as the addon's does): cancellation takes effect at once.
 *   Idle workers are kept (unref'd, so they never hold the process open) and reused.
 * - One search uses one thread: `threads` is accepted and ignored (the engine is built with
 *   OINFO_NO_THREADS); results do not depend on it, on either backend.
 * Arguments are checked and errors reported as the addon does (same messages, `code` OINFO_BAD_INPUT /
 * OINFO_SINGULAR / OINFO_INTERNAL, AbortError for a cancelled search).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { OinfoBackendError } from '../errors.js';
import { packageRoot } from '../util/packageRoot.js';
import type {
  Engine,
  EstimatorOptions,
  RawMeasures,
  RawMultiplet,
  RawSearchOptions,
  RawSearchResult,
  RawSizeResult,
  SearchHandle,
} from './engine.js';

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

/** The parts of the Emscripten Module object used here (see wasm/oinfo_wasm.cpp). */
interface OinfoModule {
  wasmMemory: WebAssembly.Memory;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  UTF8ToString(ptr: number): string;
  _oinfo_error_message(): number;
  _oinfo_options_length(): number;
  _oinfo_heap_in_use(): number;
  _oinfo_copnorm(data: number, length: number, nSamples: number, nVars: number, out: number): number;
  _oinfo_copula_covariance(data: number, length: number, nSamples: number, nVars: number, out: number): number;
  _oinfo_covariance(data: number, length: number, nSamples: number, nVars: number, out: number): number;
  _oinfo_entropy(
    cov: number,
    covLength: number,
    dim: number,
    nSamples: number,
    members: number,
    nMembers: number,
    biasCorrect: number,
    units: number,
    out: number,
  ): number;
  _oinfo_measure(
    cov: number,
    covLength: number,
    dim: number,
    nSamples: number,
    members: number,
    nMembers: number,
    biasCorrect: number,
    units: number,
    naive: number,
    out: number,
  ): number;
  _oinfo_planned(nCandidates: number, options: number, out: number): number;
}

interface Instantiator {
  compile(): WebAssembly.Module;
  instantiate(module: WebAssembly.Module, extra?: object): OinfoModule;
}

/** Memory figures of the worker around one search (diagnostics; the tests check the heap stays flat). */
export interface WasmSearchMemory {
  /** memory.buffer.byteLength before and after the search. */
  memoryBefore: number;
  memoryAfter: number;
  /** Bytes in use by malloc: before the inputs were copied in, with them, and after the search. */
  mallocBefore: number;
  mallocStart: number;
  mallocEnd: number;
}

// ---------------------------------------------------------------------------------------------------
// Errors, as native/addon/convert.cpp makes them

const STATUS_CODES: Record<number, string> = { 1: 'OINFO_BAD_INPUT', 2: 'OINFO_SINGULAR', 3: 'OINFO_INTERNAL' };

function engineError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const badInput = (message: string) => engineError('OINFO_BAD_INPUT', message);

function abortError(): Error {
  const error = new Error('the search was aborted');
  return Object.assign(error, { name: 'AbortError', code: 'ABORT_ERR' });
}

// ---------------------------------------------------------------------------------------------------
// Arguments, checked and converted as the addon's N-API layer does

function doubles(value: unknown, what: string): Float64Array {
  if (!(value instanceof Float64Array)) throw badInput(`${what} must be a Float64Array`);
  return value;
}

function ints(value: unknown, what: string): Int32Array {
  if (!(value instanceof Int32Array)) throw badInput(`${what} must be an Int32Array`);
  return value;
}

function number(value: unknown): number {
  if (typeof value !== 'number') throw new Error('A number was expected');
  return value;
}

/** Napi::Number::Int32Value: ToInt32 (truncation, modulo 2^32, non-finite → 0). */
const int32 = (value: unknown): number => number(value) | 0;
/** Napi::Number::Int64Value: truncation, non-finite → 0. */
const int64 = (value: unknown): number => {
  const v = number(value);
  return Number.isFinite(v) ? Math.trunc(v) : 0;
};

function numberField(object: Record<string, unknown>, key: string, fallback: number): number {
  if (!(key in object) || object[key] === undefined) return fallback;
  const v = object[key];
  if (typeof v !== 'number') throw badInput(`option ${key} must be a number`);
  return v;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** { biasCorrect, units } → [biasCorrect, units (0 bits, 1 nats)]. */
function estimator(options: unknown): [number, number] {
  const o = isObject(options) ? options : {};
  const biasCorrect = 'biasCorrect' in o ? Boolean(o.biasCorrect) : true;
  let units = 0;
  if ('units' in o) {
    const name = String(o.units);
    if (name === 'bits') units = 0;
    else if (name === 'nats') units = 1;
    else throw badInput(`units must be "bits" or "nats", got "${name}"`);
  }
  return [biasCorrect ? 1 : 0, units];
}

/** RawSearchOptions → the options array of wasm/oinfo_wasm.cpp (kOpt*). */
function encodeSearchOptions(options: unknown): Float64Array {
  const o = options as Record<string, unknown>;
  const [biasCorrect, units] = estimator(o);
  const shard = 'shard' in o && isObject(o.shard) ? o.shard : undefined;
  return Float64Array.from([
    numberField(o, 'minSize', 3),
    numberField(o, 'maxSize', 3),
    numberField(o, 'exhaustiveMax', 6),
    numberField(o, 'beam', 1),
    numberField(o, 'top', 10),
    numberField(o, 'threads', 0),
    biasCorrect,
    units,
    'naive' in o && Boolean(o.naive) ? 1 : 0,
    shard ? 1 : 0,
    shard ? numberField(shard, 'from', 0) : 0,
    shard ? numberField(shard, 'to', 0) : 0,
  ]);
}

function decodeSearchResult(buffer: Float64Array): RawSearchResult {
  let i = 0;
  const next = () => buffer[i++];
  const list = (): RawMultiplet[] => {
    const count = next();
    const out: RawMultiplet[] = [];
    for (let m = 0; m < count; m++) {
      const oinfo = next();
      const nVars = next();
      const variables: number[] = [];
      for (let v = 0; v < nVars; v++) variables.push(next());
      out.push({ variables, oinfo });
    }
    return out;
  };
  const cancelled = next() !== 0;
  const nSizes = next();
  const sizes: RawSizeResult[] = [];
  for (let s = 0; s < nSizes; s++) {
    const size = next();
    const method = next() === 1 ? 'greedy' : 'exhaustive';
    const evaluated = next();
    const singular = next();
    const synergy = list();
    const redundancy = list();
    sizes.push({ size, method, evaluated, singular, synergy, redundancy });
  }
  return { sizes, cancelled };
}

// ---------------------------------------------------------------------------------------------------
// Search workers

interface WorkerReply {
  type: 'progress' | 'done';
  done?: number;
  total?: number;
  status?: number;
  message?: string;
  result?: Float64Array | null;
  memory?: WasmSearchMemory;
  fatal?: boolean;
}

interface JobHandler {
  onMessage(reply: WorkerReply): void;
  onFailure(error: Error): void;
}

interface PooledWorker {
  worker: Worker;
  /** The engine's cancel flag, a byte of the worker's shared memory. */
  flag: Uint8Array;
  job?: JobHandler;
  dead: boolean;
}

/** Idle workers kept for the next searches; more are ended when they finish. */
const MAX_IDLE_WORKERS = 4;
/** A worker whose memory grew past this (a very large covariance) is ended rather than kept idle. */
const MAX_IDLE_MEMORY = 256 * 1024 * 1024;

class WorkerPool {
  private readonly idle: PooledWorker[] = [];

  constructor(
    private readonly wasmModule: WebAssembly.Module,
    private readonly workerPath: string,
  ) {}

  acquire(): Promise<PooledWorker> {
    for (let w = this.idle.pop(); w; w = this.idle.pop()) {
      if (w.dead) continue;
      w.worker.ref();
      return Promise.resolve(w);
    }
    return this.spawn();
  }

  release(w: PooledWorker, memoryBytes = 0): void {
    w.job = undefined;
    if (w.dead) return;
    if (this.idle.length >= MAX_IDLE_WORKERS || memoryBytes > MAX_IDLE_MEMORY) {
      void w.worker.terminate();
      return;
    }
    w.worker.unref();
    this.idle.push(w);
  }

  private spawn(): Promise<PooledWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.workerPath, { workerData: { wasmModule: this.wasmModule } });
      const pooled: PooledWorker = { worker, flag: new Uint8Array(1), dead: false };
      let ready = false;
      const lost = (error: Error) => {
        pooled.dead = true;
        const index = this.idle.indexOf(pooled);
        if (index >= 0) this.idle.splice(index, 1);
        if (!ready) reject(error);
        else pooled.job?.onFailure(error);
      };
      worker.on('message', (reply: { type: string; memory?: SharedArrayBuffer; cancelFlag?: number }) => {
        if (!ready) {
          if (reply.type === 'ready' && reply.memory) {
            ready = true;
            pooled.flag = new Uint8Array(reply.memory, reply.cancelFlag, 1);
            resolve(pooled);
          }
          return;
        }
        pooled.job?.onMessage(reply as WorkerReply);
      });
      worker.on('error', (error) => lost(error));
      worker.on('exit', (code) => lost(new Error(`the WASM search worker stopped (exit code ${code})`)));
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// The engine

class WasmEngine implements Engine {
  readonly name = 'wasm' as const;
  private readonly pool: WorkerPool;

  constructor(
    private readonly M: OinfoModule,
    wasmModule: WebAssembly.Module,
    workerPath: string,
  ) {
    this.pool = new WorkerPool(wasmModule, workerPath);
  }

  /** Copies the inputs into this instance's heap, runs `body` with their pointers and an output of `outLength` doubles. */
  private call(inputs: (Float64Array | Int32Array)[], outLength: number, body: (ptrs: number[], out: number) => number): Float64Array {
    const M = this.M;
    const ptrs: number[] = [];
    try {
      for (const input of inputs) {
        const ptr = M._malloc(Math.max(1, input.byteLength));
        if (!ptr) throw engineError('OINFO_INTERNAL', 'out of WASM memory');
        ptrs.push(ptr);
      }
      const out = M._malloc(Math.max(1, outLength) * 8);
      if (!out) throw engineError('OINFO_INTERNAL', 'out of WASM memory');
      ptrs.push(out);
      const buffer = M.wasmMemory.buffer; // after every malloc: the memory may have grown
      inputs.forEach((input, i) => {
        const View = input instanceof Float64Array ? Float64Array : Int32Array;
        new View(buffer, ptrs[i], input.length).set(input);
      });
      const status = body(ptrs, out);
      if (status !== 0) throw engineError(STATUS_CODES[status] ?? 'OINFO_INTERNAL', M.UTF8ToString(M._oinfo_error_message()));
      return new Float64Array(M.wasmMemory.buffer, out, outLength).slice();
    } finally {
      for (const ptr of ptrs) M._free(ptr);
    }
  }

  private columnsCall(
    fn: 'copnorm' | 'copula_covariance' | 'covariance',
    data: Float64Array,
    nSamples: number,
    nVars: number,
    outLength: (n: number, p: number) => number,
  ): Float64Array {
    const values = doubles(data, 'data');
    const n = int64(nSamples);
    const p = int64(nVars);
    if (values.length !== n * p || n < 0 || p < 0) throw badInput('data must hold nSamples × nVars values');
    const f = this.M[`_oinfo_${fn}`].bind(this.M);
    return this.call([values], outLength(n, p), ([d], out) => f(d, values.length, n, p, out));
  }

  copnorm(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.columnsCall('copnorm', data, nSamples, nVars, (n, p) => n * p);
  }

  copulaCovariance(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.columnsCall('copula_covariance', data, nSamples, nVars, (_, p) => p * p);
  }

  covariance(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.columnsCall('covariance', data, nSamples, nVars, (_, p) => p * p);
  }

  entropy(cov: Float64Array, dim: number, nSamples: number, members: Int32Array, options: EstimatorOptions): number {
    const c = doubles(cov, 'cov');
    const d = int32(dim);
    const n = int64(nSamples);
    if (d <= 0 || c.length !== d * d) throw badInput('cov must hold dim × dim values');
    const m = ints(members, 'members');
    const [biasCorrect, units] = estimator(options);
    const out = this.call([c, m], 1, ([pc, pm], o) =>
      this.M._oinfo_entropy(pc, c.length, d, n, pm, m.length, biasCorrect, units, o),
    );
    return out[0];
  }

  measure(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    members: Int32Array,
    options: EstimatorOptions & { naive?: boolean },
  ): RawMeasures {
    const c = doubles(cov, 'cov');
    const d = int32(dim);
    const n = int64(nSamples);
    if (d <= 0 || c.length !== d * d) throw badInput('cov must hold dim × dim values');
    const m = ints(members, 'members');
    const naive = isObject(options) && 'naive' in options && Boolean(options.naive) ? 1 : 0;
    const [biasCorrect, units] = estimator(options);
    const out = this.call([c, m], 4, ([pc, pm], o) =>
      this.M._oinfo_measure(pc, c.length, d, n, pm, m.length, biasCorrect, units, naive, o),
    );
    return { tc: out[0], dtc: out[1], oinfo: out[2], sinfo: out[3] };
  }

  plannedMultiplets(nCandidates: number, options: RawSearchOptions): number {
    const n = int32(nCandidates);
    const encoded = encodeSearchOptions(options);
    return this.call([encoded], 1, ([po], out) => this.M._oinfo_planned(n, po, out))[0];
  }

  search(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: RawSearchOptions,
    onProgress?: (done: number, total: number) => void,
  ): SearchHandle & { memory: Promise<WasmSearchMemory | undefined> } {
    // Checked now, as the addon's startSearch does; the engine's own validation rejects the promise.
    if (arguments.length < 6) throw badInput('search(cov, dim, nSamples, candidates, target, options, onProgress?)');
    const c = doubles(cov, 'cov').slice(); // a copy now: the caller may reuse its arrays
    const d = int32(dim);
    const n = int64(nSamples);
    if (d <= 0 || c.length !== d * d) throw badInput('cov must hold dim × dim values');
    const cand = ints(candidates, 'candidates').slice();
    const t = int32(target);
    if (!isObject(options)) throw badInput('options must be an object');
    const encoded = encodeSearchOptions(options);
    const progress = typeof onProgress === 'function' ? onProgress : undefined;

    let cancelRequested = false;
    let active: PooledWorker | undefined;
    let settled = false;
    let resolveMemory: (m: WasmSearchMemory | undefined) => void = () => {};
    const memory = new Promise<WasmSearchMemory | undefined>((r) => (resolveMemory = r));
    const promise = new Promise<RawSearchResult>((resolve, reject) => {
      const finish = (w: PooledWorker, outcome: () => void, memoryBytes = 0) => {
        if (settled) return;
        settled = true;
        active = undefined;
        this.pool.release(w, memoryBytes);
        outcome();
      };
      this.pool.acquire().then(
        (w) => {
          active = w;
          Atomics.store(w.flag, 0, cancelRequested ? 1 : 0);
          w.job = {
            onMessage: (reply) => {
              if (settled) return;
              if (reply.type === 'progress') {
                progress?.(reply.done ?? 0, reply.total ?? 0);
                return;
              }
              if (reply.type !== 'done') return;
              if (reply.fatal) {
                w.dead = true;
                void w.worker.terminate();
              }
              resolveMemory(reply.memory);
              finish(w, () => {
                if (reply.status !== 0 || !reply.result) {
                  reject(engineError(STATUS_CODES[reply.status ?? 3] ?? 'OINFO_INTERNAL', reply.message ?? 'engine error'));
                  return;
                }
                const result = decodeSearchResult(reply.result);
                if (result.cancelled) reject(abortError());
                else resolve(result);
              }, reply.memory?.memoryAfter);
            },
            onFailure: (error) => {
              resolveMemory(undefined);
              finish(w, () => reject(engineError('OINFO_INTERNAL', `the WASM search worker failed: ${error.message}`)));
            },
          };
          w.worker.postMessage(
            {
              type: 'search',
              cov: c,
              covLength: c.length,
              dim: d,
              nSamples: n,
              candidates: cand,
              target: t,
              options: encoded,
              wantProgress: progress !== undefined,
            },
            [c.buffer, cand.buffer],
          );
        },
        (error: Error) => {
          settled = true;
          resolveMemory(undefined);
          reject(engineError('OINFO_INTERNAL', `the WASM search worker could not start: ${error.message}`));
        },
      );
    });
    return {
      promise,
      memory,
      cancel() {
        cancelRequested = true;
        if (active && !settled) Atomics.store(active.flag, 0, 1);
      },
    };
  }
}

/** Loads the WASM engine; the error says what is missing and the command that builds it. */
export function loadWasm(): Engine {
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
    const require = createRequire(import.meta.url);
    const loader = require(paths.instantiate) as Instantiator;
    const wasmModule = loader.compile();
    const instance = loader.instantiate(wasmModule);
    return new WasmEngine(instance, wasmModule, paths.worker);
  } catch (error) {
    throw new OinfoBackendError(
      `the WASM engine in ${join(packageRoot(), 'wasm', 'dist')} failed to load: ${(error as Error).message}. ` +
        'Rebuild it with `npm run build`.',
      { cause: error },
    );
  }
}
