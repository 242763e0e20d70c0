/**
 * The distributed search's core (SPEC §10): exactly the single-machine answer for any number of workers
 * and shards, problems checked on receipt, a bad payload failing its own job only. Runs its own
 * redis-server on a free loopback port.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type DistributedStatus, searchDistributed } from '../src/api/distributed/coordinator.js';
import { decodeProblem, encodeProblem } from '../src/api/distributed/problem.js';
import { DISTRIBUTED_PROTOCOL, jobKeys, queueName } from '../src/api/distributed/protocol.js';
import { queueUrlOption, redact } from '../src/api/distributed/redis.js';
import { planShards } from '../src/api/distributed/shards.js';
import { Worker } from '../src/api/distributed/worker.js';
import { prepare } from '../src/api/dataset.js';
import { search, type SearchOptions } from '../src/api/search.js';
import { OinfoInputError, OinfoOptionError } from '../src/errors.js';
import { binomial, withoutTiming } from './helpers/combinatorics.js';
import { randomColumns } from './helpers/random.js';
import { disposeRedis, startRedis, type TestRedis } from './helpers/redis.js';

/** Columns with structure, a duplicated column (ties and singular multiplets) and a target. */
function data() {
  const columns = randomColumns(240, 13, 7);
  return prepare({ ...columns, dup: Float64Array.from(columns.v2) });
}

/** Columns and a class label of 3 classes that depends on them (a discrete target, SPEC §7). */
function labelled() {
  const columns = randomColumns(240, 11, 8);
  return prepare({ ...columns, y: Float64Array.from(columns.v1, (x, i) => (x + columns.v4[i] > 0.5 ? 2 : x > 0 ? 7 : 1)) });
}

describe('distributed search on a private Redis', () => {
  let redis: TestRedis | undefined;
  const workers: Worker[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop().catch(() => {})));
    await disposeRedis(redis);
  });

  async function addWorkers(n: number) {
    while (workers.length < n) {
      const w = new Worker({ queue: redis!.url, threads: 1, stallSeconds: 2, onLog: (l) => logs.push(l) });
      await w.start();
      workers.push(w);
    }
  }

  const cases: [string, SearchOptions, typeof data][] = [
    ['no target, sizes 3–5', { minSize: 3, maxSize: 5, top: 7 }, data],
    ['a continuous target, nats, rank by tc', { target: 'v0', targetKind: 'continuous', minSize: 2, maxSize: 4, units: 'nats', rankBy: 'tc', top: 5 }, data],
    ['no bias correction, vars chosen', { vars: ['v1', 'v2', 'v3', 'v5', 'v8', 'v9', 'v11', 'dup'], minSize: 3, maxSize: 6, biasCorrect: false, top: 4 }, data],
    ['a discrete target (class covariances sent)', { target: 'y', minSize: 2, maxSize: 4, top: 6 }, labelled],
    ['a discrete target, vars chosen, rank by dtc', { target: 'y', targetKind: 'discrete', vars: ['v0', 'v2', 'v3', 'v6', 'v9', 'v10'], minSize: 2, maxSize: 5, rankBy: 'dtc' }, labelled],
  ];

  for (const [name, options, data] of cases)
    it(`gives the single-machine answer bit for bit for any number of workers and shards: ${name}`, async () => {
      const local = withoutTiming(await search(data(), { ...options, threads: 2 }));
      if (options.target === 'y') expect(local.target_kind).toBe('discrete');
      for (const [workerCount, shards] of [[1, 1], [2, 7], [3, 23]] as const) {
        await addWorkers(workerCount);
        const seen: number[] = [];
        const result = await searchDistributed(data(), { ...options, queue: redis!.url, shards, onProgress: (done) => seen.push(done) });
        expect(withoutTiming(result), `${workerCount} workers, ${shards} shards`).toEqual(local);
        expect(JSON.stringify(withoutTiming(result))).toBe(JSON.stringify(local));
        expect(seen.at(-1)).toBe(local.sizes.reduce((s, x) => s + x.evaluated, 0));
      }
    });

  it('counts every multiplet once, singular ones included, with progress over all workers', async () => {
    await addWorkers(2);
    const statuses: DistributedStatus[] = [];
    const result = await searchDistributed(data(), { queue: redis!.url, minSize: 3, maxSize: 4, shards: 9, onProgress: (_d, _t, s) => statuses.push(s) });
    expect(statuses.at(-1)).toMatchObject({ shards: 9, shardsDone: 9, attached: false });
    expect(statuses.at(-1)!.workers).toBeGreaterThanOrEqual(2);
    expect(result.sizes.map((s) => s.evaluated)).toEqual([binomial(14, 3), binomial(14, 4)]);
    expect(result.sizes[0].singular).toBeGreaterThan(0); // v2 and dup together
  });

  it('leaves nothing of a finished job in Redis', async () => {
    await addWorkers(1);
    let job = '';
    await searchDistributed(data(), { queue: redis!.url, maxSize: 3, onJob: (s) => (job = s.job) });
    const client = new Redis(redis!.url);
    try {
      expect(await client.exists(...Object.values(jobKeys(job)))).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('fails a job whose problem is bad, with its reason, and keeps serving other jobs', async () => {
    await addWorkers(2);
    const client = new Redis(redis!.url);
    const queue = new Queue(queueName(), { connection: client });
    try {
      const { text } = encodeProblem(data(), { maxSize: 3 });
      const hostile = JSON.parse(text);
      const cov = Buffer.from(hostile.cov, 'base64');
      cov.writeDoubleLE(NaN, cov.length - 16); // an off-diagonal value of the last row
      hostile.cov = cov.toString('base64');
      const keys = jobKeys('hostile');
      await client.hset(keys.record, 'problem', JSON.stringify(hostile), 'digest', 'x', 'shards', '[]');
      await queue.add('shard', { job: 'hostile', protocol: DISTRIBUTED_PROTOCOL, size: 3, from: 0, to: 10 }, { jobId: 'hostile.3.0', attempts: 5, removeOnFail: true });
      // Meanwhile a good search runs on the same workers.
      const good = await searchDistributed(data(), { queue: redis!.url, maxSize: 3, shards: 3 });
      expect(withoutTiming(good)).toEqual(withoutTiming(await search(data(), { maxSize: 3 })));
      await expect.poll(() => client.hget(keys.errors, 'hostile.3.0'), { timeout: 10_000 }).toMatch(/^bad problem: cov \(14 × 14\) has a value that is not finite/);
    } finally {
      await queue.close();
      client.disconnect();
    }
  });

  it('ends the search with a one-line error naming a shard that failed for good', async () => {
    // Database 1: no worker listens there, so the shard stays open until the error (what a worker
    // records when it refuses a shard or the shard ran out of attempts) arrives.
    const url = `${redis!.url}/1`;
    const client = new Redis(url);
    try {
      const promise = searchDistributed(data(), { queue: url, maxSize: 3, job: 'broken', shards: 1 });
      await expect.poll(() => client.hget(jobKeys('broken').record, 'digest')).not.toBeNull();
      await client.hset(jobKeys('broken').errors, 'broken.3.0', 'bad shard job: a test');
      await expect(promise).rejects.toThrow(/^shard broken\.3\.0 failed: bad shard job: a test$/);
      // The search's waiting shard was taken off the queue.
      expect(await client.exists('bull:oinfo-shards-v1:broken.3.0')).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('queues a shard again when Redis lost its job', async () => {
    // Database 2: the shard waits there until a worker comes; meanwhile its BullMQ job disappears.
    const url = `${redis!.url}/2`;
    const client = new Redis(url);
    const queue = new Queue(queueName(), { connection: client });
    const late = new Worker({ queue: url, threads: 1, stallSeconds: 2 });
    try {
      const promise = searchDistributed(data(), { queue: url, maxSize: 3, job: 'lost', shards: 1 });
      await expect.poll(() => queue.getJobState('lost.3.0')).toBe('waiting');
      await queue.remove('lost.3.0');
      await late.start();
      expect(withoutTiming(await promise)).toEqual(withoutTiming(await search(data(), { maxSize: 3 })));
    } finally {
      await late.stop();
      await queue.close();
      client.disconnect();
    }
  });

  it('refuses a job id that holds another search', async () => {
    await addWorkers(1);
    const client = new Redis(redis!.url);
    try {
      const { text } = encodeProblem(data(), { maxSize: 4 });
      await client.hset(jobKeys('taken').record, 'problem', text, 'digest', 'another', 'shards', '[]');
      await expect(searchDistributed(data(), { queue: redis!.url, maxSize: 3, job: 'taken' })).rejects.toThrow(/job taken .* holds another search/);
    } finally {
      await client.del(jobKeys('taken').record);
      client.disconnect();
    }
  });
});

describe('distributed search when Redis goes away for good', () => {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => disposeRedis(redis));

  it('stops after redisTimeoutSeconds with one line that says how to re-attach', async () => {
    const promise = searchDistributed(data(), { queue: redis!.url, maxSize: 3, job: 'gone', redisTimeoutSeconds: 2 });
    const client = new Redis(redis!.url);
    await expect.poll(() => client.exists(jobKeys('gone').record)).toBe(1);
    client.disconnect();
    await redis!.stop({ kill: true });
    await expect(promise).rejects.toThrow(/^Redis at redis:\/\/127\.0\.0\.1:\d+ has not answered for \d+ s \(.*\); workers go on when it is back: re-attach with --job gone$/);
  });
});

describe('the problem sent to workers', () => {
  const encoded = () => encodeProblem(data(), { target: 'v0', targetKind: 'continuous', maxSize: 3 });

  it('carries the covariance, N, names and options, never the samples', () => {
    const { problem, text } = encoded();
    expect(Object.keys(problem)).toEqual(['protocol', 'n_samples', 'names', 'cov', 'options']);
    expect(problem.n_samples).toBe(240);
    expect(Buffer.from(problem.cov, 'base64').length).toBe(14 * 14 * 8);
    expect(text.length).toBeLessThan(14 * 14 * 8 * 2); // no room for 240 × 14 samples
    const back = decodeProblem(text);
    expect(Array.from(back.dataset.cov)).toEqual(Array.from(data().cov));
  });

  const tamper = (change: (p: Record<string, any>) => void) => {
    const p = JSON.parse(encoded().text);
    change(p);
    return JSON.stringify(p);
  };
  const bad: [string, string | unknown, RegExp][] = [
    ['not JSON', '{"protocol":', /not JSON/],
    ['not a string', 42, /JSON text/],
    ['too long', 'x'.repeat(64 * 1024 * 1024 + 1), /at most/],
    ['another protocol', tamper((p) => (p.protocol = 2)), /protocol 2, this worker speaks 1/],
    ['an unknown field', tamper((p) => (p.script = 'rm -rf')), /unknown fields script/],
    ['N too small', tamper((p) => (p.n_samples = 2)), /n_samples/],
    ['N not an integer', tamper((p) => (p.n_samples = 1.5)), /n_samples/],
    ['a repeated name', tamper((p) => (p.names[1] = p.names[0])), /repeats a name/],
    ['too many names', tamper((p) => (p.names = Array.from({ length: 3000 }, (_, i) => `a${i}`))), /1 to 2048 names/],
    ['a short covariance', tamper((p) => (p.cov = p.cov.slice(0, 40))), /cov \(14 × 14\) must be the base64 of 196 float64 values/],
    ['a non-base64 covariance', tamper((p) => (p.cov = '!'.repeat(p.cov.length))), /base64/],
    ['an infinite value', tamper((p) => { const b = Buffer.from(p.cov, 'base64'); b.writeDoubleLE(Infinity, 8); p.cov = b.toString('base64'); }), /not finite/],
    ['a negative variance', tamper((p) => { const b = Buffer.from(p.cov, 'base64'); b.writeDoubleLE(-1, 0); p.cov = b.toString('base64'); }), /diagonal/],
    ['an asymmetric covariance', tamper((p) => { const b = Buffer.from(p.cov, 'base64'); b.writeDoubleLE(0.5, 8); b.writeDoubleLE(-0.5, 14 * 8); p.cov = b.toString('base64'); }), /not symmetric/],
    ['a target not among the names', tamper((p) => (p.options.target = 'nope')), /options.target/],
    ['unknown variables', tamper((p) => (p.options.vars = ['nope'])), /options.vars/],
    ['an unknown option', tamper((p) => (p.options.eval = 1)), /unknown fields eval/],
  ];
  for (const [what, text, message] of bad)
    it(`is refused with a reason: ${what}`, () => {
      expect(() => decodeProblem(text)).toThrow(OinfoInputError);
      expect(() => decodeProblem(text)).toThrow(message);
    });

  const discrete = (change: (p: Record<string, any>) => void) => {
    const p = JSON.parse(encodeProblem(labelled(), { target: 'y', maxSize: 3 }).text);
    change(p);
    return JSON.stringify(p);
  };
  it('carries a discrete target as its classes: values, counts and class covariances', () => {
    const p = JSON.parse(discrete(() => {}));
    expect([...p.classes.values].sort()).toEqual([1, 2, 7]);
    expect(p.classes.counts.reduce((a: number, b: number) => a + b, 0)).toBe(240);
    expect(Buffer.from(p.classes.covs, 'base64').length).toBe(3 * 11 * 11 * 8);
    expect(decodeProblem(JSON.stringify(p)).options.targetKind).toBe('discrete');
  });
  const badClasses: [string, string, RegExp][] = [
    ['counts not adding up to N', discrete((p) => (p.classes.counts[0] += 1)), /adding up to n_samples/],
    ['one class', discrete((p) => ((p.classes.values = [1]), (p.classes.counts = [240]))), /2 to 1024 distinct/],
    ['a NaN class covariance', discrete((p) => { const b = Buffer.from(p.classes.covs, 'base64'); b.writeDoubleLE(NaN, 16); p.classes.covs = b.toString('base64'); }), /classes.covs .* not finite/],
    ['a class covariance of the wrong size', discrete((p) => (p.classes.covs = p.classes.covs.slice(8))), /base64 of 363 float64/],
    ['classes without a target', discrete((p) => (p.options.target = null)), /classes need a target/],
  ];
  for (const [what, text, message] of badClasses) it(`is refused with a reason: ${what}`, () => expect(() => decodeProblem(text)).toThrow(message));

  it('leaves the options to the same checks as a local search (a bad top fails the job, named)', async () => {
    const { dataset, options } = decodeProblem(tamper((p) => (p.options.top = -3)));
    await expect(search(dataset, options)).rejects.toThrow(OinfoOptionError);
  });

  it('refuses what needs the samples or is not exhaustive', () => {
    expect(() => encodeProblem(data(), { maxSize: 3, bootstrap: 10 } as SearchOptions)).toThrow(/bootstrap needs the samples/);
    expect(() => encodeProblem(data(), { maxSize: 8 })).toThrow(/exhaustive sizes only/);
  });
});

describe('shards and URLs', () => {
  it('cut each size into ranges that cover its ranks once', () => {
    for (const shards of [1, 2, 5, 40, 1000]) {
      const plan = planShards(12, [3, 4, 5], shards);
      for (const k of [3, 4, 5]) {
        const ranges = plan.filter((s) => s.size === k);
        expect(ranges[0].from).toBe(0);
        ranges.forEach((r, i) => i > 0 && expect(r.from).toBe(ranges[i - 1].to));
        expect(ranges.at(-1)!.to).toBe(binomial(12, k));
        expect(ranges.every((r) => r.to > r.from)).toBe(true);
      }
    }
    expect(() => planShards(12, [3], 0)).toThrow(/shards must be an integer from 1/);
  });

  it('take redis:// and rediss:// URLs and never show a password', () => {
    expect(queueUrlOption('redis://:s3cret@host:6379/2').shown).toBe('redis://:***@host:6379/2');
    expect(queueUrlOption('rediss://user:s3cret@host').shown).toBe('rediss://user:***@host');
    expect(redact('redis://host:1')).toBe('redis://host:1');
    expect(() => queueUrlOption('http://:s3cret@host')).toThrow(/must be a Redis URL.*"http:\/\/:\*\*\*@host"/);
    expect(() => queueUrlOption('redis://:s3cret@host:99999')).not.toThrow(/s3cret/);
  });
});
