// A search worker of the WASM backend (node:worker_threads). It owns one instance of the engine and
// runs one search at a time, so long searches never block the main thread's event loop.
//
// Protocol (src/backend/wasm.ts is the other side):
//   workerData: { wasmModule }                       the compiled module, shared with the main thread
//   → main  { type: 'ready', memory, cancelFlag }    memory: the instance's SharedArrayBuffer; the main
//                                                    thread cancels a search by storing 1 at cancelFlag
//   ← main  { type: 'search', cov, covLength, dim, nSamples, candidates, target, options, wantProgress }
//   → main  { type: 'progress', done, total }        throttled by the engine (~50 ms)
//   → main  { type: 'done', status, message, result, memory: {...}, fatal }
// status: 0 ok, 1 bad input, 2 singular, 3 internal (the C ABI's codes); result: the serialised
// search result (Float64Array) when status is 0. fatal: the instance is unusable (the main thread
// then ends this worker).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { instantiate } = require('./instantiate.cjs');

const M = instantiate(workerData.wasmModule, {
  oinfoProgress(done, total) {
    parentPort.postMessage({ type: 'progress', done, total });
  },
});
const buffer = () => M.wasmMemory.buffer;

function copyIn(array, bytesPerElement) {
  const ptr = M._malloc(Math.max(1, array.length) * bytesPerElement);
  if (!ptr) throw new Error('out of WASM memory');
  const View = bytesPerElement === 8 ? Float64Array : Int32Array;
  new View(buffer(), ptr, array.length).set(array);
  return ptr;
}

function runSearch(job) {
  const memoryBefore = buffer().byteLength;
  const mallocBefore = M._oinfo_heap_in_use();
  const pointers = [];
  try {
    const cov = copyIn(job.cov, 8);
    pointers.push(cov);
    const candidates = copyIn(job.candidates, 4);
    pointers.push(candidates);
    const options = copyIn(job.options, 8);
    pointers.push(options);
    const mallocStart = M._oinfo_heap_in_use();
    const status = M._oinfo_search(cov, job.covLength, job.dim, job.nSamples, candidates, job.candidates.length,
      job.target, options, job.wantProgress ? 1 : 0);
    const mallocEnd = M._oinfo_heap_in_use();
    const memoryAfter = buffer().byteLength;
    let result = null;
    let message = '';
    if (status === 0) {
      const length = M._oinfo_result_length();
      result = new Float64Array(length);
      result.set(new Float64Array(buffer(), M._oinfo_result_data(), length));
    } else {
      message = M.UTF8ToString(M._oinfo_error_message());
    }
    return {
      type: 'done', status, message, result, fatal: false,
      memory: { memoryBefore, memoryAfter, mallocBefore, mallocStart, mallocEnd },
    };
  } finally {
    for (const p of pointers) M._free(p);
  }
}

parentPort.on('message', (job) => {
  if (job?.type !== 'search') return;
  let reply;
  try {
    reply = runSearch(job);
  } catch (error) {
    // A trap or an Emscripten abort (e.g. the 4 GB memory limit): this instance is done for.
    reply = { type: 'done', status: 3, message: String(error?.message ?? error), result: null, fatal: true };
  }
  parentPort.postMessage(reply, reply.result ? [reply.result.buffer] : []);
});

parentPort.postMessage({ type: 'ready', memory: buffer(), cancelFlag: M._oinfo_cancel_flag() });
