/**
 * Search workers of the WASM transport (node:worker_threads running wasm/worker.mjs), each owning one
 * instance of the engine, so long searches never block the event loop. Idle workers are kept (unref'd:
 * they never hold the process open) and reused.
 */
import type { Worker } from 'node:worker_threads';

/** Memory figures of a worker around one search (the tests check the heap stays flat). */
export interface WasmSearchMemory {
  /** memory.buffer.byteLength before and after the search. */
  memoryBefore: number;
  memoryAfter: number;
  /** Bytes in use by malloc: before the inputs were copied in, with them, and after the search. */
  mallocBefore: number;
  mallocStart: number;
  mallocEnd: number;
}

/** What a worker posts back (wasm/worker.mjs). */
export interface WorkerReply {
  type: 'progress' | 'done';
  done?: number;
  total?: number;
  status?: number;
  message?: string;
  result?: Float64Array | null;
  memory?: WasmSearchMemory;
  /** The instance is unusable (a trap, out of memory): the worker is ended. */
  fatal?: boolean;
}

export interface JobHandler {
  onMessage(reply: WorkerReply): void;
  onFailure(error: Error): void;
}

export interface PooledWorker {
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

export class WorkerPool {
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

  /** Ends a worker whose instance is unusable. */
  discard(w: PooledWorker): void {
    w.dead = true;
    void w.worker.terminate();
  }

  private spawn(): Promise<PooledWorker> {
    return new Promise((resolve, reject) => {
      // Loaded here, not at start-up: a native search (or none) does not compile worker_threads.
      const { Worker } = process.getBuiltinModule('node:worker_threads');
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
