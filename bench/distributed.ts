/**
 * The distributed search's costs (README, "Distributed search"): the queue's overhead (one worker
 * against a local search of ≥ 30 s), 2 and 4 local workers, and shard size against per-shard latency.
 * Runs the built CLI against a private redis-server on a free port; writes bench/results/distributed.json.
 *
 *   node dist/bench/distributed.js [--vars 140] [--size 6] [--repeat 3]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packageRoot } from '../src/util/packageRoot.js';
import { syntheticData, writeCsv } from './data.js';
import { machineInfo } from './machine.js';

const root = packageRoot();
const CLI = join(root, 'dist/bin/oinfo.js');
const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1] ?? fallback) || fallback;

function start(args: string[]): { child: ChildProcess; stderr: () => string; done: Promise<number> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return { child, stderr: () => err, done: new Promise((r) => child.once('exit', (code) => r(code ?? 1))) };
}

async function timed(args: string[]): Promise<number> {
  const t = performance.now();
  const p = start(args);
  const code = await p.done;
  if (code !== 0) throw new Error(`oinfo ${args.join(' ')} failed: ${p.stderr()}`);
  return (performance.now() - t) / 1000;
}

async function port(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** Shard wall times from worker logs ("shard …: done in X s"). */
/** C(n, k) (exact enough for the sizes benchmarked). */
const binomial = (n: number, k: number) => Math.round(Array.from({ length: k }, (_, i) => (n - i) / (i + 1)).reduce((a, b) => a * b, 1));

const shardTimes = (log: string) => [...log.matchAll(/: done in ([\d.]+) s/g)].map((m) => Number(m[1]));

async function main() {
  const p = arg('--vars', 140);
  const k = arg('--size', 6);
  const dir = mkdtempSync(join(tmpdir(), 'oinfo-bench-dist-'));
  const redisPort = await port();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const queue = `redis://127.0.0.1:${redisPort}`;
  const file = join(dir, 'data.csv');
  writeCsv(file, syntheticData(400, p, false));
  const search = ['search', file, '--min-size', String(k), '--max-size', String(k), '--format', 'json', '--yes'];
  const results: Record<string, unknown> = { machine: machineInfo(root), vars: p, size: k, samples: 400 };
  try {
    // Local and one worker alternate, so that other load on the machine falls on both alike.
    const distributed = async (workers: number, threads: number) => {
      const ws = Array.from({ length: workers }, () => start(['worker', '--queue', queue, '--threads', String(threads)]));
      await new Promise((r) => setTimeout(r, 1500));
      const t = await timed([...search, '--queue', queue]);
      ws.forEach((w) => w.child.kill('SIGTERM'));
      await Promise.all(ws.map((w) => w.done));
      const shards = ws.flatMap((w) => shardTimes(w.stderr()));
      return { wall_s: t, shards: shards.length, shard_s_mean: shards.reduce((a, b) => a + b, 0) / shards.length };
    };
    const pairs = [];
    for (let r = 0; r < arg('--repeat', 3); r++) {
      const local = await timed([...search, '--threads', '2']);
      const one = await distributed(1, 2);
      pairs.push({ local_s: local, one_worker_s: one.wall_s, overhead: one.wall_s / local - 1, shards: one.shards, shard_s_mean: one.shard_s_mean });
      console.log(`local, 2 threads: ${local.toFixed(1)} s; 1 worker × 2 threads: ${one.wall_s.toFixed(1)} s (${((one.wall_s / local - 1) * 100).toFixed(1)} %), ${one.shards} shards of ${one.shard_s_mean.toFixed(2)} s`);
    }
    results.local_vs_one_worker = pairs;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const local = median(pairs.map((x) => x.local_s));
    for (const [workers, threads] of [[2, 1], [4, 1]] as const) {
      const d = await distributed(workers, threads);
      results[`workers_${workers}x${threads}`] = { ...d, vs_local_median: d.wall_s / local - 1 };
      console.log(`${workers} workers × ${threads} thread: ${d.wall_s.toFixed(1)} s (${((d.wall_s / local - 1) * 100).toFixed(1)} % vs the median local run)`);
    }
    // Shard size against latency: one worker (2 threads), size 5 of the same variables.
    const small = ['search', file, '--min-size', '5', '--max-size', '5', '--format', 'json', '--yes'];
    const multiplets = binomial(p, 5);
    const w = start(['worker', '--queue', queue, '--threads', '2']);
    await new Promise((r) => setTimeout(r, 1500));
    const sweep = [];
    const localSmall = await timed([...small, '--threads', '2']);
    console.log(`C(${p}, 5) = ${multiplets} multiplets, local 2 threads: ${localSmall.toFixed(2)} s`);
    for (const shards of [1, 4, 16, 64, 256, 1024, 4096]) {
      const before = shardTimes(w.stderr()).length;
      const t = await timed([...small, '--queue', queue, '--shards', String(shards)]);
      const times = shardTimes(w.stderr()).slice(before);
      const compute = times.reduce((a, b) => a + b, 0);
      sweep.push({ shards, multiplets_per_shard: Math.round(multiplets / shards), wall_s: t, shard_s_mean: compute / times.length, extra_vs_local_s: t - localSmall });
      console.log(`  ${shards} shards: ${t.toFixed(2)} s wall (${(t - localSmall).toFixed(2)} s over local), ${((compute / times.length) * 1000).toFixed(1)} ms per shard`);
    }
    results.shard_sweep = { search: `C(${p}, 5) = ${multiplets} multiplets, 1 worker × 2 threads`, local_s: localSmall, runs: sweep };
    w.child.kill('SIGTERM');
    await w.done;
  } finally {
    redis.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/distributed.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results/distributed.json');
}

await main();
