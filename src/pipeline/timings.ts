import { readTimings, writeTimings } from './runFiles.js';

/** Runs a stage and adds its wall time to timings.json (also when it fails or is interrupted). */
export async function timed<T>(dir: string, stage: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    const timings = readTimings(dir);
    timings[stage] = (timings[stage] ?? 0) + (performance.now() - started) / 1000;
    writeTimings(dir, timings);
  }
}
