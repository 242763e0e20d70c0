/**
 * `--all` (searchAll): every multiplet of one size written as rows, rows per second — through the API in
 * this process (the covariance precomputed: the engine's enumeration, formatting and writes) and through
 * the whole `oinfo search … --all` process (start-up, CSV parse and covariance included) — to /dev/null
 * (what the engine can produce) and to a file (what the disk takes too), beside the plain write rate of
 * the same number of bytes to the same disk (is the disk the limit?). Issue 13's target: ≥ 5e6 rows/s as
 * CSV on 2 threads at n = 100, k = 5 (C(100, 5) = 7.5e7 rows).
 *
 *   node dist/bench/allRows.js [--n 100] [--k 5] [--threads 1,2] [--backend native,wasm] [--repeat 1]
 *                              [--dir DIR] [--quick]
 *
 * Files go to DIR (default: the system's temporary folder) and are removed after each run; the data are
 * bench/data.ts's (N = 2 000). Writes bench/results/all-rows.{json,md} (bench/results/quick/ with --quick).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import os from 'node:os';

import { prepare } from '../src/api/dataset.js';
import { searchAll } from '../src/api/searchAll.js';
import { writeFileAtomic } from '../src/util/atomicWrite.js';
import { packageRoot } from '../src/util/packageRoot.js';
import { syntheticData } from './data.js';
import { machineInfo } from './machine.js';
import { binomial } from './suites/enumeration.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const quick = process.argv.includes('--quick');
const n = Number(option('n', quick ? '60' : '100'));
const k = Number(option('k', quick ? '4' : '5'));
const threadList = option('threads', '1,2').split(',').map(Number);
const backends = option('backend', 'native,wasm').split(',');
const repeat = Number(option('repeat', '1'));
const root = packageRoot();
const work = mkdtempSync(join(option('dir', tmpdir()), 'oinfo-bench-all-'));
const N_SAMPLES = 2000;

interface Row {
  backend: string;
  /** CPU seconds of this process (API runs; the engine's threads included): user, and system (the kernel's writes). */
  userSeconds?: number;
  systemSeconds?: number;
  how: 'api' | 'cli';
  format: 'csv' | 'ndjson';
  threads: number;
  to: '/dev/null' | 'file';
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  gbPerSecond: number;
}

const log = (line: string) => process.stderr.write(`bench all-rows: ${line}\n`);

const synthetic = syntheticData(N_SAMPLES, n, false);
const columns: Record<string, Float64Array> = {};
synthetic.names.forEach((name, j) => (columns[name] = synthetic.data.subarray(j * N_SAMPLES, (j + 1) * N_SAMPLES)));
const csvFile = join(work, 'data.csv');
{
  const lines = [synthetic.names.join(',')];
  for (let i = 0; i < N_SAMPLES; i++) lines.push(synthetic.names.map((_, j) => synthetic.data[j * N_SAMPLES + i]).join(','));
  writeFileSync(csvFile, `${lines.join('\n')}\n`);
}

const rows: Row[] = [];
const record = (row: Omit<Row, 'rowsPerSecond' | 'gbPerSecond'>) => {
  const full = { ...row, rowsPerSecond: row.rows / row.seconds, gbPerSecond: row.bytes / row.seconds / 1e9 };
  rows.push(full);
  log(`${row.backend} ${row.how} ${row.format} ${row.threads}t → ${row.to}: ${full.rowsPerSecond.toExponential(2)} rows/s, ${full.gbPerSecond.toFixed(2)} GB/s (${row.seconds.toFixed(2)} s)`);
};

/** The best of `repeat` runs of the API. */
async function api(backend: string, format: 'csv' | 'ndjson', threads: number, to: '/dev/null' | 'file') {
  const data = prepare(columns, { backend });
  let best: Omit<Row, 'rowsPerSecond' | 'gbPerSecond'> | undefined;
  for (let r = 0; r < repeat; r++) {
    const out = to === 'file' ? join(work, `all.${format}`) : '/dev/null';
    settle();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await searchAll(data, { minSize: k, maxSize: k, out, format, threads, backend });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    if (to === 'file') rmSync(out);
    if (!best || seconds < best.seconds)
      best = { backend, how: 'api', format, threads, to, rows: result.rows, bytes: result.bytes, seconds, userSeconds: used.user / 1e6, systemSeconds: used.system / 1e6 };
  }
  record(best!);
}

/** The whole command, wall time (best of `repeat`). */
function cli(backend: string, threads: number, to: '/dev/null' | 'file') {
  let best: Omit<Row, 'rowsPerSecond' | 'gbPerSecond'> | undefined;
  for (let r = 0; r < repeat; r++) {
    const out = to === 'file' ? join(work, 'cli.csv') : '/dev/null';
    settle();
    const started = performance.now();
    const run = spawnSync(process.execPath, [join(root, 'dist', 'bin', 'oinfo.js'), 'search', csvFile, '--min-size', String(k), '--max-size', String(k),
      '--all', '--out', out, '--threads', String(threads), '--backend', backend, '--yes'], { encoding: 'utf8' });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`oinfo failed: ${run.stderr}`);
    const bytes = to === 'file' ? statSync(out).size : 0;
    if (to === 'file') rmSync(out);
    if (!best || seconds < best.seconds) best = { backend, how: 'cli', format: 'csv', threads, to, rows: binomial(n, k), bytes, seconds };
  }
  record(best!);
}

/**
 * Before each run: the kernel writes back and frees what the last file run left (seconds of its CPU on a
 * small VM), which would otherwise be charged to this run. The machine's other tenants are not ours to
 * settle: on a shared 2-core VM a run may get one core's worth (CPU user ≈ seconds shows it).
 */
function settle() {
  spawnSync('sync');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
}

/** Plain writes of `bytes` to a file in the work folder, 4 MiB at a time: the disk's rate (GB/s) and the kernel's CPU seconds. */
function diskRate(bytes: number): { gbPerSecond: number; systemSeconds: number } {
  settle();
  const block = Buffer.alloc(4 << 20, 0x31);
  const file = join(work, 'plain.bin');
  const fd = openSync(file, 'w');
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let written = 0; written < bytes; written += block.length) writeSync(fd, block);
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  rmSync(file);
  return { gbPerSecond: bytes / seconds / 1e9, systemSeconds: used.system / 1e6 };
}

async function main() {
  const machine = machineInfo(root);
  log(`${machine.cpu}, ${machine.cores} cores, load ${machine.loadAverageAtStart.join(' / ')}; n = ${n}, k = ${k}: ${binomial(n, k).toLocaleString('en-US')} rows`);
  try {
    // Every /dev/null run first: a file run leaves the kernel busy (writeback) for a while after it.
    for (const to of ['/dev/null', 'file'] as const) {
      for (const backend of backends) for (const threads of backend === 'wasm' ? [1] : threadList) await api(backend, 'csv', threads, to);
      if (to === '/dev/null') await api('native', 'ndjson', Math.max(...threadList), '/dev/null');
      cli('native', Math.max(...threadList), to);
    }
    const csvBytes = rows.find((r) => r.format === 'csv' && r.bytes > 0)?.bytes ?? 1e9;
    const disk = diskRate(csvBytes);
    log(`plain writes of ${(csvBytes / 1e9).toFixed(2)} GB to ${work}: ${disk.gbPerSecond.toFixed(2)} GB/s, ${disk.systemSeconds.toFixed(1)} s of system CPU`);

    const pick = (to: Row['to']) => rows.find((r) => r.backend === 'native' && r.how === 'api' && r.format === 'csv' && r.threads === 2 && r.to === to);
    const target = pick('/dev/null');
    const toFile = pick('file');
    const summary = {
      machine,
      settings: { n, k, rows: binomial(n, k), nSamples: N_SAMPLES, repeat, dir: work, loadAverageAtEnd: os.loadavg() },
      rows,
      plainWrite: disk,
      target: target && { goal: 5e6, rowsPerSecond: target.rowsPerSecond, pass: target.rowsPerSecond >= 5e6, toFileRowsPerSecond: toFile?.rowsPerSecond },
    };
    const results = join(root, 'bench', 'results', ...(quick ? ['quick'] : []));
    writeFileAtomic(join(results, 'all-rows.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const md = [
      `# --all: rows per second (n = ${n}, k = ${k}, ${binomial(n, k).toLocaleString('en-US')} rows, N = ${N_SAMPLES})`,
      '',
      `${machine.cpu}, ${machine.cores} logical cores, Node ${machine.node}; ${machine.date}, commit ${machine.commit}; load average at start ${machine.loadAverageAtStart.join(' / ')}`,
      '',
      '| backend | how | format | threads | to | rows/s | GB/s | seconds | CPU user + system s | bytes |',
      '|:---|:---|:---|---:|:---|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.backend} | ${r.how === 'api' ? 'API (in process)' : 'whole CLI process'} | ${r.format} | ${r.threads} | ${r.to} | ${r.rowsPerSecond.toExponential(2)} | ${r.to === 'file' || r.how === 'api' ? r.gbPerSecond.toFixed(2) : '–'} | ${r.seconds.toFixed(2)} | ${r.userSeconds === undefined ? '–' : `${r.userSeconds.toFixed(1)} + ${r.systemSeconds!.toFixed(1)}`} | ${r.bytes ? (r.bytes / 1e9).toFixed(2) + ' GB' : '–'} |`),
      '',
      `Plain writes of the same bytes (4 MiB blocks) to the same folder: ${disk.gbPerSecond.toFixed(2)} GB/s, with ${disk.systemSeconds.toFixed(1)} s of the kernel's CPU.`,
      target
        ? `Target (native, CSV, 2 threads, ≥ 5e6 rows/s): ${target.rowsPerSecond.toExponential(2)} rows/s produced and written to /dev/null — ${target.rowsPerSecond >= 5e6 ? 'pass' : '**FAIL**'}` +
          (toFile ? `; to a file ${toFile.rowsPerSecond.toExponential(2)} rows/s (${toFile.gbPerSecond.toFixed(2)} GB/s, the disk's plain rate being ${disk.gbPerSecond.toFixed(2)} GB/s).` : '.')
        : '',
      '',
    ].join('\n');
    writeFileAtomic(join(results, 'all-rows.md'), md);
    process.stdout.write(md);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench all-rows: error: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
