/**
 * Faults of the distributed search, each with real processes (the CLI) on a private redis-server: a
 * worker SIGKILLed mid-shard, the coordinator killed and re-attached with --job, Redis restarted (with
 * and without persistence), two coordinators on one queue, a job of a newer protocol, Ctrl-C, passwords.
 * Every answer is compared with `oinfo search` on one machine, bit for bit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { jobKeys, queueName } from '../src/api/distributed/protocol.js';
import { randomColumns } from './helpers/random.js';
import { disposeRedis, startRedis, type TestRedis } from './helpers/redis.js';
import { type Spawned, spawnOinfo } from './helpers/spawned.js';

const dir = mkdtempSync(join(tmpdir(), 'oinfo-dist-'));

/** A CSV of random columns with structure; values written exactly (shortest round-trip decimals). */
function csv(name: string, samples: number, p: number, seed: number): string {
  const columns = randomColumns(samples, p, seed);
  const names = Object.keys(columns);
  const rows = [names.join(',')];
  for (let i = 0; i < samples; i++) rows.push(names.map((n) => String(columns[n][i])).join(','));
  const file = join(dir, name);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

/** Long enough that a shard of 1 thread takes a good fraction of a second (C(80, 6) = 3·10⁸). */
const BIG = csv('big.csv', 300, 80, 11);
const SMALL = csv('small.csv', 200, 30, 5);
const SEARCH = ['--min-size', '6', '--max-size', '6', '--format', 'json', '--top', '5'];
const SMALL_SEARCH = ['--min-size', '3', '--max-size', '4', '--format', 'json'];

const started: Spawned[] = [];
function run(args: string[], env: Record<string, string> = {}): Spawned {
  const p = spawnOinfo(args, env);
  started.push(p);
  return p;
}
const worker = (url: string, ...more: string[]) => run(['worker', '--queue', url, '--threads', '1', '--stall-seconds', '2', ...more]);

/** The JSON of a search without its wall time (the one field a distributed run may change). */
function answer(stdout: string): unknown {
  const { elapsed_s: _, ...rest } = JSON.parse(stdout);
  return rest;
}

const localAnswers = new Map<string, Promise<unknown>>();
function local(file: string, args: string[]): Promise<unknown> {
  const key = [file, ...args].join(' ');
  if (!localAnswers.has(key))
    localAnswers.set(
      key,
      (async () => {
        const p = run(['search', file, ...args]);
        const { code } = await p.exited;
        expect(code, p.stderr()).toBe(0);
        return answer(p.stdout());
      })(),
    );
  return localAnswers.get(key)!;
}

async function finished(p: Spawned): Promise<unknown> {
  const { code } = await p.exited;
  expect(code, p.stderr()).toBe(0);
  return answer(p.stdout());
}

const jobOf = (p: Spawned) => /job (j[0-9a-z]+|[\w-]+):/.exec(p.stderr())?.[1];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('distributed search: faults', () => {
  let redis: TestRedis | undefined;

  beforeAll(async () => {
    redis = await startRedis({ persistent: true });
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await disposeRedis(redis);
  });

  it('retries a shard elsewhere when its worker is SIGKILLed mid-shard, and counts nothing twice', async () => {
    const a = worker(redis!.url);
    await a.waitFor(/takes shards/);
    const coordinator = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '3', '--job', 'killed-worker']);
    await a.waitFor(/shard killed-worker\.6\.\d+ .*started/);
    const victim = /shard (killed-worker\.6\.\d+) .*started/.exec(a.stderr())![1];
    await a.stop('SIGKILL');
    const b = worker(redis!.url);
    const result = await finished(coordinator);
    expect(b.stderr()).toContain(`shard ${victim}: done`);
    expect(a.stderr()).not.toContain(`shard ${victim}: done`);
    expect(result).toEqual(await local(BIG, SEARCH));
    await b.stop('SIGTERM');
  });

  it('hands a running shard back at once when its worker is stopped with SIGTERM', async () => {
    // Locks of 600 s: only the hand-back, not the stall check, can give the shard to the second worker in time.
    const a = run(['worker', '--queue', redis!.url, '--threads', '1', '--stall-seconds', '600']);
    await a.waitFor(/takes shards/);
    const coordinator = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '3', '--job', 'sigterm']);
    await a.waitFor(/shard sigterm\.6\.\d+ .*started/);
    const shard = /shard (sigterm\.6\.\d+) .*started/.exec(a.stderr())![1];
    a.child.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    expect(a.stderr()).toMatch(/stopping: a running shard goes back to the queue\n.*stopped\n$/);
    const b = run(['worker', '--queue', redis!.url, '--threads', '1', '--stall-seconds', '600']);
    expect(await finished(coordinator)).toEqual(await local(BIG, SEARCH));
    expect(b.stderr()).toContain(`shard ${shard}: done`);
    await b.stop('SIGTERM');
  });

  it('re-attaches a killed coordinator with --job and finishes with the same answer', async () => {
    const w = worker(redis!.url);
    const first = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '6', '--job', 'reattach']);
    await w.waitFor(/shard reattach\.6\.\d+: done/);
    await first.stop('SIGKILL');
    // The workers go on meanwhile; the second coordinator keeps the stored plan (its --shards is ignored).
    const second = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '2', '--job', 'reattach']);
    const result = await finished(second);
    expect(second.stderr()).toContain('re-attached to job reattach (6 shards)');
    expect(result).toEqual(await local(BIG, SEARCH));
    // Each shard was computed once.
    const done = w.stderr().match(/shard reattach\.6\.\d+: done/g) ?? [];
    expect(new Set(done).size).toBe(6);
    expect(done.length).toBe(6);
    await w.stop('SIGTERM');
  });

  it('goes on when Redis restarts (with persistence) in the middle of a run', async () => {
    const w = worker(redis!.url);
    const coordinator = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '6', '--job', 'restart']);
    await w.waitFor(/shard restart\.6\.\d+: done/);
    await redis!.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await redis!.restart();
    expect(await finished(coordinator)).toEqual(await local(BIG, SEARCH));
    await w.stop('SIGTERM');
  });

  it('keeps two coordinators on one queue apart', async () => {
    const w1 = worker(redis!.url);
    const w2 = worker(redis!.url);
    const big = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '4']);
    const small = run(['search', SMALL, ...SMALL_SEARCH, '--queue', redis!.url, '--shards', '5']);
    const [a, b] = await Promise.all([finished(big), finished(small)]);
    expect(a).toEqual(await local(BIG, SEARCH));
    expect(b).toEqual(await local(SMALL, SMALL_SEARCH));
    expect(jobOf(big)).not.toBe(jobOf(small));
    await Promise.all([w1.stop('SIGTERM'), w2.stop('SIGTERM')]);
  });

  it('cancels the remaining shards on Ctrl-C, and --job resumes', async () => {
    const w = worker(redis!.url);
    const first = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '8', '--job', 'ctrl-c']);
    await w.waitFor(/shard ctrl-c\.6\.\d+: done/);
    first.child.kill('SIGINT');
    const { code } = await first.exited;
    expect(code).toBe(130);
    expect(first.stderr()).toMatch(/oinfo: cancelled job ctrl-c: \d of 8 shards were done; .* --job ctrl-c resumes\n$/);
    const client = new Redis(redis!.url);
    try {
      const queue = new Queue(queueName(), { connection: client });
      await expect.poll(async () => (await queue.getJobs(['waiting', 'active'])).filter((j) => j.id?.startsWith('ctrl-c.')).length).toBe(0);
      await queue.close();
      expect(await client.exists(jobKeys('ctrl-c').cancelled)).toBe(1);
    } finally {
      client.disconnect();
    }
    const again = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--job', 'ctrl-c']);
    expect(await finished(again)).toEqual(await local(BIG, SEARCH));
    await w.stop('SIGTERM');
  });

  it('has a worker refuse a job of a newer protocol, with the reason, and go on', async () => {
    const w = worker(redis!.url);
    await w.waitFor(/takes shards/);
    const client = new Redis(redis!.url);
    const queue = new Queue(queueName(), { connection: client });
    try {
      await queue.add('shard', { job: 'future', protocol: 2, size: 3, from: 0, to: 10, newField: {} }, { jobId: 'future.3.0', attempts: 5 });
      await w.waitFor(/job future\.3\.0: refused: shard job of protocol 2, but this worker speaks protocol 1: upgrade oinfo on this worker/);
      await expect.poll(() => queue.getJobState('future.3.0')).toBe('failed');
      expect((await queue.getJob('future.3.0'))!.attemptsMade).toBe(1); // refused, not retried
    } finally {
      await queue.close();
      client.disconnect();
    }
    const small = run(['search', SMALL, ...SMALL_SEARCH, '--queue', redis!.url]);
    expect(await finished(small)).toEqual(await local(SMALL, SMALL_SEARCH));
    await w.stop('SIGTERM');
  });
});

describe('distributed search: Redis without persistence restarted', () => {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await disposeRedis(redis);
  });

  it('fails with a clear message, and --job starts the job again', async () => {
    const w = worker(redis!.url);
    const first = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--shards', '6', '--job', 'amnesia']);
    await w.waitFor(/shard amnesia\.6\.\d+: done/);
    await redis!.stop({ kill: true });
    await redis!.restart();
    const { code } = await first.exited;
    expect(code).toBe(2);
    expect(first.stderr()).toMatch(/\noinfo: job amnesia's state is gone from Redis \(restarted without persistence, or flushed\): the same command with --job amnesia starts it again\n$/);
    const again = run(['search', BIG, ...SEARCH, '--queue', redis!.url, '--job', 'amnesia']);
    expect(await finished(again)).toEqual(await local(BIG, SEARCH));
    await w.stop('SIGTERM');
  });
});

describe('distributed search: a password', () => {
  const password = 'pw-9f2c1e';
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedis({ password });
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await disposeRedis(redis);
  });

  it('works with redis://:pw@host and never prints the password', async () => {
    expect(redis!.url).toContain(`:${password}@`);
    const w = worker(redis!.url);
    const coordinator = run(['search', SMALL, ...SMALL_SEARCH, '--queue', redis!.url]);
    expect(await finished(coordinator)).toEqual(await local(SMALL, SMALL_SEARCH));
    await w.stop('SIGTERM');
    for (const p of [w, coordinator]) expect(p.stdout() + p.stderr()).not.toContain(password);
    expect(w.stderr()).toContain(`redis://:***@127.0.0.1:${redis!.port}`);
  });

  it('says a wrong password in one line, without it', async () => {
    const wrong = redis!.url.replace(password, 'not-the-password');
    for (const args of [['worker', '--queue', wrong], ['search', SMALL, ...SMALL_SEARCH, '--queue', wrong]]) {
      const p = run(args);
      const { code } = await p.exited;
      expect(code).toBe(2);
      expect(p.stderr()).toMatch(new RegExp(`^oinfo: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${redis!.port}: WRONGPASS[^\\n]*\\n$`));
      expect(p.stderr()).not.toContain('not-the-password');
    }
  });

  it('says a bad URL, job id or shard count, or a flag without --queue, in one line', async () => {
    const cases: [string[], string][] = [
      [['worker', '--queue', 'http://:secret@host'], 'oinfo: --queue must be a Redis URL, redis://[:password@]host[:port][/db] or rediss://… for TLS, got "http://:***@host"\n'],
      [['search', SMALL, '--max-size', '3', '--shards', '4'], 'oinfo: --shards needs --queue (a distributed search)\n'],
      [['search', SMALL, '--max-size', '3', '--queue', redis!.url, '--job', 'a.b'], `oinfo: --job must be 1 to 64 letters, digits, '-' or '_', got "a.b"\n`],
      [['search', SMALL, '--max-size', '3', '--queue', redis!.url, '--shards', '0'], 'oinfo: --shards must be an integer from 1 to 1,000,000, got 0\n'],
      [['search', SMALL, '--max-size', '3', '--queue', redis!.url, '--bootstrap', '10'], 'oinfo: --bootstrap needs the samples, which a distributed search never sends: run it without --queue\n'],
    ];
    for (const [args, message] of cases) {
      const p = run(args);
      expect((await p.exited).code, args.join(' ')).toBe(2);
      expect(p.stderr()).toBe(message);
      expect(p.stderr()).not.toContain(password);
    }
  });
});

/** A CA and a certificate for 127.0.0.1 signed by it, made with openssl (async: no spawnSync in tests). */
async function certificates(): Promise<{ cert: string; key: string; ca: string }> {
  const { execFile } = await import('node:child_process');
  const openssl = (...args: string[]) =>
    new Promise<void>((resolve, reject) =>
      execFile('openssl', args, { cwd: dir }, (error, _out, err) => (error ? reject(new Error(`openssl ${args[0]}: ${err}`)) : resolve())),
    );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=oinfo test CA');
  await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}

describe('distributed search: TLS', () => {
  let redis: TestRedis | undefined;
  let ca = '';
  beforeAll(async () => {
    const tls = await certificates();
    ca = tls.ca;
    redis = await startRedis({ tls, password: 'tls-pw-77' });
  });
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await disposeRedis(redis);
  });

  it('works with rediss:// (the CA given to Node as NODE_EXTRA_CA_CERTS)', async () => {
    expect(redis!.url).toMatch(/^rediss:\/\/:tls-pw-77@127\.0\.0\.1:\d+$/);
    const env = { NODE_EXTRA_CA_CERTS: ca };
    const w = run(['worker', '--queue', redis!.url, '--threads', '1'], env);
    const coordinator = run(['search', SMALL, ...SMALL_SEARCH, '--queue', redis!.url], env);
    expect(await finished(coordinator)).toEqual(await local(SMALL, SMALL_SEARCH));
    await w.stop('SIGTERM');
    for (const p of [w, coordinator]) expect(p.stdout() + p.stderr()).not.toContain('tls-pw-77');
  });

  it('says in one line when the server certificate is not trusted', async () => {
    const p = run(['worker', '--queue', redis!.url]);
    expect((await p.exited).code).toBe(2);
    expect(p.stderr()).toMatch(/^oinfo: cannot reach Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+: [^\n]*(self-signed|certificate)[^\n]*\n$/);
  });
});
