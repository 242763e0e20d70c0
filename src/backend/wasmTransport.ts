/**
 * The WASM transport: the engine and protocol compiled with Emscripten (wasm/oinfo_wasm.cpp), the same
 * C++ as the addon. Synchronous operations run on this thread's instance; a search runs in a worker
 * (wasmWorkerPool.ts) and is cancelled by storing 1 into the engine's cancel flag in the worker's
 * shared memory, which the enumeration reads once per leaf row. One search uses one thread (the build
 * has no threads): the `threads` option is carried and has no effect, on results or otherwise.
 */
import { Status, type Transport } from './protocol.js';
import { loadWasmModule, type OinfoModule } from './wasmModule.js';
import { type PooledWorker, type WasmSearchMemory, WorkerPool } from './wasmWorkerPool.js';

function wireFailure(status: number, message: string): Error {
  return Object.assign(new Error(message), { status });
}

export class WasmTransport implements Transport {
  readonly name = 'wasm' as const;
  readonly layout: string;
  /** The memory figures of the last search that finished (diagnostics, read by the tests). */
  lastSearchMemory: WasmSearchMemory | undefined;
  private readonly pool: WorkerPool;

  constructor(
    private readonly M: OinfoModule,
    wasmModule: WebAssembly.Module,
    workerPath: string,
  ) {
    this.layout = M.UTF8ToString(M._oinfo_layout());
    this.pool = new WorkerPool(wasmModule, workerPath);
  }

  /** Copies the arrays into this instance's heap, runs `body` with their pointers, returns the result. */
  private call(arrays: (Float64Array | Int32Array | Uint8Array)[], body: (pointers: number[]) => number): Float64Array {
    const M = this.M;
    const pointers: number[] = [];
    try {
      for (const array of arrays) {
        const ptr = M._malloc(Math.max(1, array.byteLength));
        if (!ptr) throw wireFailure(Status.Internal, 'out of WASM memory');
        pointers.push(ptr);
        // The memory may grow at every malloc: a view of it is taken afresh.
        const View = array instanceof Float64Array ? Float64Array : array instanceof Int32Array ? Int32Array : Uint8Array;
        new View(M.wasmMemory.buffer, ptr, array.length).set(array);
      }
      const status = body(pointers);
      if (status !== Status.Ok) throw wireFailure(status, M.UTF8ToString(M._oinfo_error_message()));
      return new Float64Array(M.wasmMemory.buffer, M._oinfo_result_data(), M._oinfo_result_length()).slice();
    } finally {
      for (const ptr of pointers) M._free(ptr);
    }
  }

  copnorm(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.call([data], ([d]) => this.M._oinfo_copnorm(d, data.length, nSamples, nVars));
  }

  copulaCovariance(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.call([data], ([d]) => this.M._oinfo_copula_covariance(d, data.length, nSamples, nVars));
  }

  covariance(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return this.call([data], ([d]) => this.M._oinfo_covariance(d, data.length, nSamples, nVars));
  }

  covarianceWith(data: Float64Array, nSamples: number, nVars: number, column: Float64Array): Float64Array {
    return this.call([data, column], ([d, c]) => this.M._oinfo_covariance_with(d, data.length, nSamples, nVars, c, column.length));
  }

  entropy(cov: Float64Array, dim: number, nSamples: number, members: Int32Array, options: Float64Array): Float64Array {
    return this.call([cov, members, options], ([c, m, o]) =>
      this.M._oinfo_entropy(c, cov.length, dim, nSamples, m, members.length, o, options.length),
    );
  }

  measure(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    members: Int32Array,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    groupSizes: Int32Array,
  ): Float64Array {
    return this.call([cov, members, options, classCovs, classCounts, groupSizes], ([c, m, o, cc, n, g]) =>
      this.M._oinfo_measure(
        c, cov.length, dim, nSamples, m, members.length, o, options.length, cc, classCovs.length, n, classCounts.length, g, groupSizes.length,
      ),
    );
  }

  csvNumbers(text: Uint8Array, fields: number, crlf: number): Float64Array {
    return this.call([text], ([t]) => this.M._oinfo_csv_numbers(t, text.length, fields, crlf));
  }

  classCovariances(data: Float64Array, nSamples: number, nVars: number, labels: Int32Array, nClasses: number): Float64Array {
    return this.call([data, labels], ([d, l]) =>
      this.M._oinfo_class_covariances(d, data.length, nSamples, nVars, l, labels.length, nClasses),
    );
  }

  plannedMultiplets(nCandidates: number, options: Float64Array): Float64Array {
    return this.call([options], ([o]) => this.M._oinfo_planned(nCandidates, o, options.length));
  }

  classMi(
    data: Float64Array,
    nSamples: number,
    nVars: number,
    labels: Int32Array,
    nClasses: number,
    options: Float64Array,
  ): Float64Array {
    return this.call([data, labels, options], ([d, l, o]) =>
      this.M._oinfo_class_mi(d, data.length, nSamples, nVars, l, labels.length, nClasses, o, options.length),
    );
  }

  search(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    groupSizes: Int32Array,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): { promise: Promise<Float64Array>; cancel(): void } {
    // Copies now: the caller may reuse its arrays; these are transferred to the worker.
    const job = {
      type: 'search',
      cov: cov.slice(),
      dim,
      nSamples,
      candidates: candidates.slice(),
      target,
      options: options.slice(),
      classCovs: classCovs.slice(),
      classCounts: classCounts.slice(),
      groupSizes: groupSizes.slice(),
      wantProgress: onProgress !== undefined,
    };
    return this.runInWorker(job, [job.cov.buffer, job.candidates.buffer, job.options.buffer, job.classCovs.buffer, job.classCounts.buffer, job.groupSizes.buffer], onProgress);
  }

  searchAll(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    labels: Uint8Array,
    labelEnds: Int32Array,
    labelQuote: Int32Array,
    fd: number,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): { promise: Promise<Float64Array>; cancel(): void } {
    // The worker writes to fd itself (file descriptors belong to the process, not to a thread).
    const job = {
      type: 'all',
      cov: cov.slice(),
      dim,
      nSamples,
      candidates: candidates.slice(),
      target,
      options: options.slice(),
      classCovs: classCovs.slice(),
      classCounts: classCounts.slice(),
      labels: labels.slice(),
      labelEnds: labelEnds.slice(),
      labelQuote: labelQuote.slice(),
      fd,
      wantProgress: onProgress !== undefined,
    };
    const transfer = [job.cov, job.candidates, job.options, job.classCovs, job.classCounts, job.labels, job.labelEnds, job.labelQuote].map((a) => a.buffer);
    return this.runInWorker(job, transfer, onProgress);
  }

  /** Runs a job in a pooled worker: progress while it runs, its result (or failure) at the end, cancel by the shared flag. */
  private runInWorker(
    job: object,
    transfer: ArrayBuffer[],
    onProgress: ((done: number, total: number) => void) | undefined,
  ): { promise: Promise<Float64Array>; cancel(): void } {
    let cancelRequested = false;
    let active: PooledWorker | undefined;
    let settled = false;
    const promise = new Promise<Float64Array>((resolve, reject) => {
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
              if (reply.type === 'progress') return onProgress?.(reply.done ?? 0, reply.total ?? 0);
              if (reply.fatal) this.pool.discard(w);
              if (reply.memory) this.lastSearchMemory = reply.memory;
              finish(
                w,
                () =>
                  reply.status === Status.Ok && reply.result
                    ? resolve(reply.result)
                    : reject(wireFailure(reply.status ?? Status.Internal, reply.message ?? 'engine error')),
                reply.memory?.memoryAfter,
              );
            },
            onFailure: (error) =>
              finish(w, () => reject(wireFailure(Status.Internal, `the WASM search worker failed: ${error.message}`))),
          };
          w.worker.postMessage(job, transfer);
        },
        (error: Error) => {
          settled = true;
          reject(wireFailure(Status.Internal, `the WASM search worker could not start: ${error.message}`));
        },
      );
    });
    return {
      promise,
      cancel() {
        cancelRequested = true;
        if (active && !settled) Atomics.store(active.flag, 0, 1);
      },
    };
  }
}

/** Loads the WASM engine (the error says what is missing and how to build it). */
export function loadWasmTransport(): WasmTransport {
  const { wasmModule, instance, workerPath } = loadWasmModule();
  return new WasmTransport(instance, wasmModule, workerPath);
}
