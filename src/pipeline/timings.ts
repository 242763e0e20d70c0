import { existsSync, readFileSync } from 'node:fs';

import { writeFileAtomic } from '../util/atomicWrite.js';
import { runPaths } from './runFolder.js';

/** Wall time per stage in seconds, summed over the invocations that did work (timings.json). */
export type Timings = Record<string, number>;

export function readTimings(dir: string): Timings {
  const path = runPaths(dir).timings;
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Timings) : {};
}

/** Runs a stage and adds its wall time to timings.json (also when it fails or is interrupted). */
export async function timed<T>(dir: string, stage: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    const timings = readTimings(dir);
    timings[stage] = (timings[stage] ?? 0) + (performance.now() - started) / 1000;
    writeFileAtomic(runPaths(dir).timings, JSON.stringify(timings, null, 2) + '\n');
  }
}
