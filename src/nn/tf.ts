import { createRequire } from 'node:module';

import type * as TF from '@tensorflow/tfjs';

export type Tf = typeof TF;
export type TfBackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export interface LoadedTf {
  tf: Tf;
  /** The TF.js backend in use: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: string;
  /** Why this backend: what was tried before it. */
  reason: string;
}

const require = createRequire(import.meta.url);

/** Runs f with TF.js's "install tfjs-node" banner silenced (we report the backend ourselves). */
function quietly<T>(f: () => T): T {
  const log = console.log;
  const warn = console.warn;
  console.log = console.warn = (...args: unknown[]) => {
    const text = String(args[0] ?? '');
    if (/tfjs-node|TensorFlow\.js in Node|={10,}|^\s*$/.test(text)) return;
    log(...args);
  };
  const restore = () => {
    console.log = log;
    console.warn = warn;
  };
  let result: T;
  try {
    result = f();
  } catch (error) {
    restore();
    throw error;
  }
  // setBackend prints its banner asynchronously: stay quiet until its promise settles.
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

let cached: Promise<LoadedTf> | undefined;

/**
 * TF.js with the fastest backend that loads here: @tensorflow/tfjs-node (an optional dependency;
 * its install downloads libtensorflow), else @tensorflow/tfjs-backend-wasm, else the pure-JS cpu
 * backend. `choice` forces one (env OINFO_TF_BACKEND too). Loaded once per process.
 */
export function loadTf(choice: TfBackendChoice = (process.env.OINFO_TF_BACKEND as TfBackendChoice) || 'auto'): Promise<LoadedTf> {
  cached ??= (async () => {
    const notes: string[] = [];
    if (choice === 'auto' || choice === 'tensorflow') {
      try {
        const tf = quietly(() => require('@tensorflow/tfjs-node') as Tf);
        await tf.setBackend('tensorflow');
        await tf.ready();
        return { tf, backend: 'tensorflow', reason: 'tfjs-node is installed' };
      } catch (error) {
        if (choice === 'tensorflow') throw error;
        notes.push(`tfjs-node unavailable (${String((error as Error).message).split('\n')[0]})`);
      }
    }
    const tf = quietly(() => require('@tensorflow/tfjs') as Tf);
    if (choice === 'auto' || choice === 'wasm') {
      try {
        quietly(() => require('@tensorflow/tfjs-backend-wasm'));
        if (!(await quietly(() => tf.setBackend('wasm')))) throw new Error('setBackend(wasm) failed');
        await tf.ready();
        return { tf, backend: 'wasm', reason: notes.join('; ') || 'requested' };
      } catch (error) {
        if (choice === 'wasm') throw error;
        notes.push(`wasm backend unavailable (${String((error as Error).message).split('\n')[0]})`);
      }
    }
    await quietly(() => tf.setBackend('cpu'));
    await tf.ready();
    // The cpu backend prints its "install tfjs-node" banner on its first tensor; we report the backend ourselves.
    (tf.backend() as { firstUse?: boolean }).firstUse = false;
    return { tf, backend: 'cpu', reason: notes.join('; ') || 'requested' };
  })();
  return cached;
}
