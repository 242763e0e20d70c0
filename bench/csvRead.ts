/**
 * The CSV fast path's parse (native/engine/csv_numbers.hpp) on the cli suite's file: 10 000 rows × 101
 * columns of shortest-round-trip doubles (~20 MB). Times engine.csvNumbers on the bytes after the header
 * (the text already in memory) and engine.startCsvFile/finishCsvFile (the engine reading the file itself, as the CLI
 * does), for 1 and 2 threads; prints the median of the repetitions as ms, MB/s and ns per number.
 *
 *   node dist/bench/csvRead.js [--file /tmp/bench.csv] [--repeat 15] [--backend native|wasm]
 *
 * A missing file is written first (bench/data.ts's synthetic set, as `node dist/bench/run.js --suite cli`).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Engine } from '../src/backend/engine.js';
import { getEngine } from '../src/backend/load.js';
import { syntheticData, writeCsv } from './data.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

const file = flag('file', '/tmp/bench.csv');
const repeat = Number(flag('repeat', '15'));
const engine: Engine = getEngine(flag('backend', 'native'));
if (!existsSync(file)) writeCsv(file, syntheticData(10_000, 100, true, 7));

const bytes = readFileSync(file);
const lf = bytes.indexOf(10);
const crlf = lf > 0 && bytes[lf - 1] === 13;
const fields = bytes.subarray(0, lf).toString('utf8').split(',').length;
const text = bytes.subarray(lf + 1);
const head = bytes.subarray(0, lf + 1);

/** The median milliseconds of `read` (after one warm-up run) and the count of numbers it returned. */
function time(read: () => Float64Array | undefined): { ms: number; numbers: number } {
  const numbers = read()?.length ?? 0;
  if (numbers === 0) throw new Error(`the engine declined ${file}`);
  const ms: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    read();
    ms.push(performance.now() - started);
  }
  return { ms: median(ms), numbers };
}

console.log(`${file}: ${(text.length / 1e6).toFixed(1)} MB after the header, ${fields} columns, median of ${repeat}`);
const readers: [string, (threads: number) => Float64Array | undefined][] = [
  ['csvNumbers', (threads) => engine.csvNumbers(text, fields, crlf, threads)],
  ['csvFileNumbers', (threads) => { const read = engine.startCsvFile(file, head, fields, crlf, threads); return read && engine.finishCsvFile(read); }],
];
for (const [name, read] of readers) {
  if (name === 'csvFileNumbers' && !engine.readsFiles) continue;
  for (const threads of [1, 2]) {
    const { ms, numbers } = time(() => read(threads));
    const rate = text.length / 1e6 / (ms / 1000);
    console.log(`${name.padEnd(15)} ${threads} thread${threads > 1 ? 's' : ' '}: ${ms.toFixed(1).padStart(6)} ms  ${rate.toFixed(0).padStart(5)} MB/s  ${((ms * 1e6) / numbers).toFixed(1).padStart(5)} ns/number`);
  }
}
