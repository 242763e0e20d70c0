// A search worker of the WASM transport (node:worker_threads). It owns one instance of the engine and
// runs one search at a time, so long searches never block the main thread's event loop.
//
// Messages (src/backend/wasmTransport.ts and wasmWorkerPool.ts are the other side):
//   workerData: { wasmModule }                       the compiled module, shared with the main thread
//   → main  { type: 'ready', memory, cancelFlag }    memory: the instance's SharedArrayBuffer; the main
//                                                    thread cancels a search by storing 1 at cancelFlag
//   ← main  { type: 'search', cov, dim, nSamples, candidates, target, options, classCovs, classCounts, groupSizes, wantProgress }
//                                                    options: the protocol's encoded search options;
//                                                    classCovs, classCounts: a discrete target (both empty: none)
//                                                    groupSizes: groups of the candidates (empty: none)
//   ← main  { type: 'all', cov, dim, nSamples, candidates, target, options, classCovs, classCounts, labels,
//             labelEnds, labelQuote, fd, wantProgress }
//                                                    `--all`: every multiplet's row written to the file descriptor fd
//                                                    (fs.writeSync, here, chunk by chunk in order; fds are the process's)
//   → main  { type: 'progress', done, total }        throttled by the engine (~50 ms)
//   → main  { type: 'done', status, message, result, memory, fatal }
// status: the protocol's (0 ok); result: the encoded search result (Float64Array) when status is 0 (for
// 'all', the encoded summary, and writeError: { code, message } of a failed write).
// memory: heap figures around the search (diagnostics). fatal: the instance is unusable (the main
// thread then ends this worker).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { instantiate } = require('./instantiate.cjs');

/** Where `--all` writes now: { fd, error } (error: the first failed write's code and message). */
let output = null;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes bytes of the engine's memory to output.fd; 0, or an errno (positive) that stops the run. */
function writeOut(ptr, length) {
  if (!output) return 5; // EIO
  let offset = 0;
  while (offset < length) {
    try {
      offset += fs.writeSync(output.fd, new Uint8Array(buffer(), ptr + offset, length - offset));
    } catch (error) {
      // A non-blocking pipe (a Node stdout) that is full: wait a little and write on.
      if (error?.code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      output.error = { code: String(error?.code ?? 'EIO'), message: String(error?.message ?? error) };
      return Math.abs(Number(error?.errno)) || 5;
    }
  }
  return 0;
}

const M = instantiate(workerData.wasmModule, {
  oinfoProgress(done, total) {
    parentPort.postMessage({ type: 'progress', done, total });
  },
  oinfoWrite: writeOut,
});
const buffer = () => M.wasmMemory.buffer;

function copyIn(array) {
  const ptr = M._malloc(Math.max(1, array.byteLength));
  if (!ptr) throw new Error('out of WASM memory');
  new array.constructor(buffer(), ptr, array.length).set(array);
  return ptr;
}

function runSearch(job) {
  const memoryBefore = buffer().byteLength;
  const mallocBefore = M._oinfo_heap_in_use();
  const pointers = [];
  try {
    for (const array of [job.cov, job.candidates, job.options, job.classCovs, job.classCounts, job.groupSizes]) pointers.push(copyIn(array));
    const [cov, candidates, options, classCovs, classCounts, groupSizes] = pointers;
    const mallocStart = M._oinfo_heap_in_use();
    const status = M._oinfo_search(cov, job.cov.length, job.dim, job.nSamples, candidates, job.candidates.length,
      job.target, options, job.options.length, classCovs, job.classCovs.length, classCounts, job.classCounts.length,
      groupSizes, job.groupSizes.length, job.wantProgress ? 1 : 0);
    let result = null;
    let message = '';
    if (status === 0) result = new Float64Array(buffer(), M._oinfo_result_data(), M._oinfo_result_length()).slice();
    else message = M.UTF8ToString(M._oinfo_error_message());
    const memory = { memoryBefore, memoryAfter: buffer().byteLength, mallocBefore, mallocStart, mallocEnd: M._oinfo_heap_in_use() };
    return { type: 'done', status, message, result, fatal: false, memory };
  } finally {
    for (const p of pointers) M._free(p);
  }
}

function runAll(job) {
  const pointers = [];
  output = { fd: job.fd, error: null };
  try {
    for (const array of [job.cov, job.candidates, job.options, job.classCovs, job.classCounts, job.labels, job.labelEnds, job.labelQuote])
      pointers.push(copyIn(array));
    const [cov, candidates, options, classCovs, classCounts, labels, labelEnds, labelQuote] = pointers;
    const status = M._oinfo_search_all(cov, job.cov.length, job.dim, job.nSamples, candidates, job.candidates.length, job.target,
      options, job.options.length, classCovs, job.classCovs.length, classCounts, job.classCounts.length, labels, job.labels.length,
      labelEnds, labelQuote, job.wantProgress ? 1 : 0);
    let result = null;
    let message = '';
    if (status === 0) result = new Float64Array(buffer(), M._oinfo_result_data(), M._oinfo_result_length()).slice();
    else message = M.UTF8ToString(M._oinfo_error_message());
    return { type: 'done', status, message, result, fatal: false, writeError: output.error };
  } finally {
    output = null;
    for (const p of pointers) M._free(p);
  }
}

parentPort.on('message', (job) => {
  if (job?.type !== 'search' && job?.type !== 'all') return;
  let reply;
  try {
    reply = job.type === 'all' ? runAll(job) : runSearch(job);
  } catch (error) {
    // A trap or an Emscripten abort (e.g. the 4 GB memory limit): this instance is done for.
    reply = { type: 'done', status: 3, message: String(error?.message ?? error), result: null, fatal: true };
  }
  parentPort.postMessage(reply, reply.result ? [reply.result.buffer] : []);
});

parentPort.postMessage({ type: 'ready', memory: buffer(), cancelFlag: M._oinfo_cancel_flag() });
