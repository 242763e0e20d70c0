/**
 * The coordinator of a distributed search (SPEC §10): stores the problem in Redis once, enqueues every
 * shard that has no result yet, follows the workers' progress, and merges the shards' results with
 * mergeShards into exactly the answer of a search on one machine.
 *
 * A job is a Redis record keyed by its id: the problem, its digest and the shard plan, created once.
 * Running the same search with `job` again re-attaches: the stored plan is kept (so shards never overlap),
 * finished shards are not redone, missing ones are enqueued again (BullMQ ignores a shard id that is
 * already waiting or running). Another problem under the same id is refused.
 */
import { createHash, randomBytes } from 'node:crypto';

import type { Queue } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';

import { OinfoAbortError, OinfoOptionError } from '../../errors.js';
import { type DataInput, prepare } from '../dataset.js';
import { mergeShards } from '../merge.js';
import type { SearchOptions, SearchResult, SizeResult } from '../search.js';
import { SEARCH_OPTIONS } from '../searchOptions.js';
import { callbackOption, integerOption, type OptionNames, optionsObject, signalOption } from '../validate.js';
import { encodeProblem, LOCAL_ONLY } from './problem.js';
import { DISTRIBUTED_PROTOCOL, JOB_ID_PATTERN, JOB_TTL_SECONDS, jobKeys, queueName, type Shard, shardId, WORKER_ALIVE_MS, WORKERS_KEY } from './protocol.js';
import { OinfoQueueError, queueModules, queueUrlOption, redisClient, type QueueUrl, waitForRedis } from './redis.js';
import { SHARD_ATTEMPTS } from './worker.js';
import { planShards } from './shards.js';

export interface DistributedOptions {
  /** The Redis URL of the queue: redis://[:password@]host[:port][/db] or rediss:// (TLS). */
  queue: string;
  /** Shards in all (default: one per 5·10⁸ multiplets); ignored when re-attaching (the job keeps its plan). */
  shards?: number;
  /** The job's id: re-attaches to a job of that id (same problem), or starts one under it. Default: a new id. */
  job?: string;
  /** Give up when Redis has not answered for this long (default 60 s); the job can be re-attached later. */
  redisTimeoutSeconds?: number;
}

/** The state of a distributed search, with each progress report. */
export interface DistributedStatus {
  job: string;
  /** True when the job existed before this call. */
  attached: boolean;
  shards: number;
  shardsDone: number;
  /** Workers whose heartbeat is recent (all searches of the queue share them). */
  workers: number;
}

export interface DistributedControl {
  signal?: AbortSignal;
  /** (multiplets done over all workers, multiplets in all, status), about once a second. */
  onProgress?: (done: number, total: number, status: DistributedStatus) => void;
  /** Called once the job exists in Redis (its id is what re-attaching needs). */
  onJob?: (status: DistributedStatus) => void;
}

const POLL_MS = 500;
const LOST_CHECK_MS = 10_000;

/** Creates the job's record unless it exists; returns the stored digest and plan when it does. */
const CREATE_JOB = `
if redis.call('HEXISTS', KEYS[1], 'digest') == 1 then return redis.call('HMGET', KEYS[1], 'digest', 'shards') end
redis.call('HSET', KEYS[1], 'problem', ARGV[1], 'digest', ARGV[2], 'shards', ARGV[3])
return false`;

function newJobId(): string {
  return `j${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

function jobOption(value: unknown): string {
  if (value === undefined) return newJobId();
  if (typeof value !== 'string' || !JOB_ID_PATTERN.test(value))
    throw new OinfoOptionError('job', `must be 1 to 64 letters, digits, '-' or '_', got ${JSON.stringify(String(value)).slice(0, 80)}`);
  return value;
}

/** searchDistributed's options, and the local search's that it refuses by name (LOCAL_ONLY). */
const DISTRIBUTED_OPTIONS: OptionNames<SearchOptions & DistributedOptions & DistributedControl> = {
  ...SEARCH_OPTIONS, ...LOCAL_ONLY, queue: true, shards: true, job: true, redisTimeoutSeconds: true, signal: true, onProgress: true, onJob: true,
};

/**
 * search() on the workers of a queue: the same options (exhaustive sizes, a continuous target or none)
 * and exactly the same result, bit for bit; `elapsed_s` is the coordinator's wall time.
 */
export async function searchDistributed(data: DataInput, options: SearchOptions & DistributedOptions & DistributedControl): Promise<SearchResult> {
  const started = performance.now();
  options = optionsObject(options, 'searchDistributed', DISTRIBUTED_OPTIONS, '{ queue, maxSize }');
  const queue = queueUrlOption(options.queue);
  const job = jobOption(options.job);
  const signal = signalOption(options.signal);
  const onProgress = callbackOption<NonNullable<DistributedControl['onProgress']>>(options.onProgress, 'onProgress');
  const onJob = callbackOption<NonNullable<DistributedControl['onJob']>>(options.onJob, 'onJob');
  const timeout = integerOption(options.redisTimeoutSeconds, 'redisTimeoutSeconds', { min: 1, max: 86_400, fallback: 60 });
  const dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const encoded = encodeProblem(dataset, options);
  const plan = planShards(encoded.candidates, encoded.sizes, options.shards);
  if (signal?.aborted) throw new OinfoAbortError();

  const { bullmq } = await queueModules();
  let lastError = '';
  const redis = await redisClient(queue, { blocking: false, onError: (m) => (lastError = m) });
  let bull: Queue | undefined;
  let bullConnection: RedisClient | undefined;
  try {
    await waitForRedis(redis, queue);
    // BullMQ does not close a connection it was given: ours to close.
    bullConnection = await redisClient(queue, { blocking: false, onError: (m) => (lastError = m) });
    bull = new bullmq.Queue(queueName(), { connection: bullConnection });
    bull.on('error', (e) => (lastError = e.message));
    const run = new Run(redis, bull, queue, job, timeout, () => lastError);
    const { shards, attached } = await run.attach(encoded.text, plan);
    const status: DistributedStatus = { job, attached, shards: shards.length, shardsDone: 0, workers: 0 };
    onJob?.({ ...status });
    const parts = await run.follow(shards, status, signal, onProgress);
    const result = merge(parts, encoded.problem.names, encoded.problem.options.top, encoded.sizes);
    await run.forget();
    return { ...result, elapsed_s: (performance.now() - started) / 1000 };
  } finally {
    await bull?.close().catch(() => {});
    bullConnection?.disconnect();
    redis.disconnect();
  }
}

/** A shard's stored result: the search's header (backend, names, units…) and its one size. */
interface ShardResult {
  header: Omit<SearchResult, 'sizes' | 'elapsed_s'>;
  size: SizeResult;
}

/** One coordinator's hold on a job: create or re-attach, enqueue, follow, cancel, clean up. */
class Run {
  private readonly keys;
  /** How often each shard was found lost and queued again. */
  private readonly requeued = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly bull: Queue,
    private readonly queue: QueueUrl,
    private readonly job: string,
    private readonly timeoutSeconds: number,
    private readonly lastError: () => string,
  ) {
    this.keys = jobKeys(job);
  }

  async attach(text: string, plan: Shard[]): Promise<{ shards: Shard[]; attached: boolean }> {
    const digest = createHash('sha256').update(text).digest('hex');
    const existing = (await this.redis.eval(CREATE_JOB, 1, this.keys.record, text, digest, JSON.stringify(plan))) as [string, string] | null;
    if (existing && existing[0] !== digest)
      throw new OinfoQueueError(`job ${this.job} on ${this.queue.shown} holds another search (other data or options): choose another --job, or run the job's own command`);
    const shards: Shard[] = existing ? JSON.parse(existing[1]) : plan;
    // A re-attach retries what failed or was cancelled before.
    await this.redis.multi().del(this.keys.cancelled, this.keys.errors).exec();
    await this.touch();
    await this.enqueue(shards, await this.doneIds());
    return { shards, attached: existing !== null };
  }

  /** Every key of the job lives JOB_TTL_SECONDS past the last coordinator's touch. */
  private async touch(): Promise<void> {
    const m = this.redis.multi();
    for (const key of Object.values(this.keys)) m.expire(key, JOB_TTL_SECONDS);
    await m.exec();
  }

  private async doneIds(): Promise<Set<string>> {
    return new Set(await this.redis.hkeys(this.keys.results));
  }

  /** Adds the shards without a result; BullMQ ignores an id already waiting or running. */
  private async enqueue(shards: Shard[], done: Set<string>): Promise<void> {
    const missing = shards.filter((s) => !done.has(shardId(this.job, s)));
    for (let i = 0; i < missing.length; i += 1000) {
      await this.bull.addBulk(
        missing.slice(i, i + 1000).map((s) => ({
          name: 'shard',
          data: { job: this.job, protocol: DISTRIBUTED_PROTOCOL, size: s.size, from: s.from, to: s.to },
          opts: { jobId: shardId(this.job, s), attempts: SHARD_ATTEMPTS, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
  }

  /** Polls until every shard has a result; returns them. Errors of shards, an outage, Ctrl-C end it. */
  async follow(
    shards: Shard[],
    status: DistributedStatus,
    signal: AbortSignal | undefined,
    onProgress: DistributedControl['onProgress'],
  ): Promise<ShardResult[]> {
    const total = shards.reduce((s, x) => s + (x.to - x.from), 0);
    const ids = new Map(shards.map((s) => [shardId(this.job, s), s]));
    let lastOk = Date.now();
    let lastLostCheck = Date.now();
    for (;;) {
      if (signal?.aborted) await this.cancel(shards, status);
      let state;
      try {
        state = await this.poll();
        lastOk = Date.now();
      } catch (error) {
        const silent = (Date.now() - lastOk) / 1000;
        if (silent > this.timeoutSeconds)
          throw new OinfoQueueError(
            `Redis at ${this.queue.shown} has not answered for ${Math.round(silent)} s (${this.lastError() || (error as Error).message}); ` +
              `workers go on when it is back: re-attach with --job ${this.job}`,
          );
        await sleep(POLL_MS, signal);
        continue;
      }
      if (!state.exists)
        throw new OinfoQueueError(
          `job ${this.job}'s state is gone from Redis (restarted without persistence, or flushed): the same command with --job ${this.job} starts it again`,
        );
      const failed = Object.entries(state.errors);
      if (failed.length > 0) {
        await this.stopShards(shards);
        throw new OinfoQueueError(`shard ${failed[0][0]} failed: ${failed[0][1]}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`);
      }
      const done = state.done.filter((id) => ids.has(id));
      let multiplets = done.reduce((s, id) => s + (ids.get(id)!.to - ids.get(id)!.from), 0);
      const doneSet = new Set(done);
      for (const [id, n] of Object.entries(state.progress)) if (ids.has(id) && !doneSet.has(id)) multiplets += Number(n) || 0;
      Object.assign(status, { shardsDone: done.length, workers: state.workers });
      onProgress?.(Math.min(multiplets, total), total, { ...status });
      if (done.length === shards.length) break;
      if (Date.now() - lastLostCheck > LOST_CHECK_MS) {
        lastLostCheck = Date.now();
        try {
          await this.requeueLost(shards, doneSet);
        } catch (error) {
          if (!(error instanceof OinfoQueueError)) continue; // Redis away: the next poll says for how long
          await this.stopShards(shards);
          throw error;
        }
      }
      await sleep(POLL_MS, signal);
    }
    const stored = await this.redis.hmget(this.keys.results, ...ids.keys());
    return stored.map((text) => JSON.parse(text!) as ShardResult);
  }

  private async poll() {
    const now = Date.now();
    const r = await this.redis
      .multi()
      .exists(this.keys.record)
      .hkeys(this.keys.results)
      .hgetall(this.keys.progress)
      .hgetall(this.keys.errors)
      .zcount(WORKERS_KEY, now - WORKER_ALIVE_MS, '+inf')
      .exec();
    if (!r) throw new Error('transaction aborted');
    const value = (i: number) => {
      if (r[i][0]) throw r[i][0];
      return r[i][1];
    };
    return {
      exists: value(0) === 1,
      done: value(1) as string[],
      progress: value(2) as Record<string, string>,
      errors: value(3) as Record<string, string>,
      workers: value(4) as number,
    };
  }

  /**
   * Shards with neither a result nor a BullMQ job (lost with a Redis restart, skipped as cancelled, or
   * failed by BullMQ's stall check) go back in the queue — each a few times only: a shard that keeps
   * vanishing (a worker that dies on it every time) ends the search instead of looping.
   */
  private async requeueLost(shards: Shard[], done: Set<string>): Promise<void> {
    const open = shards.filter((s) => !done.has(shardId(this.job, s)));
    const states = await Promise.all(open.map((s) => this.bull.getJobState(shardId(this.job, s))));
    const lost = open.filter((_, i) => states[i] === 'unknown');
    for (const s of lost) {
      const id = shardId(this.job, s);
      const times = (this.requeued.get(id) ?? 0) + 1;
      if (times > SHARD_ATTEMPTS) throw new OinfoQueueError(`shard ${id} was lost ${SHARD_ATTEMPTS} times (does its worker die on it?): the search stops`);
      this.requeued.set(id, times);
    }
    if (lost.length > 0) await this.enqueue(lost, done);
  }

  /** Marks the job cancelled (running shards stop at their next progress report) and removes its waiting shards. */
  private async stopShards(shards: Shard[]): Promise<void> {
    await this.redis.set(this.keys.cancelled, '1', 'EX', JOB_TTL_SECONDS).catch(() => {});
    const done = await this.doneIds().catch(() => new Set<string>());
    await Promise.all(shards.filter((s) => !done.has(shardId(this.job, s))).map((s) => this.bull.remove(shardId(this.job, s)).catch(() => 0)));
  }

  private async cancel(shards: Shard[], status: DistributedStatus): Promise<never> {
    await this.stopShards(shards);
    throw new OinfoAbortError(
      `cancelled job ${this.job}: ${status.shardsDone} of ${status.shards} shards were done; they are kept ${JOB_TTL_SECONDS / 86400} days — the same command with --job ${this.job} resumes`,
    );
  }

  /** A finished job leaves nothing in Redis. */
  async forget(): Promise<void> {
    await this.redis.del(...Object.values(this.keys));
  }
}

/** The shards' results merged size by size, in the order of `sizes`, under the first shard's header. */
function merge(parts: ShardResult[], names: string[], top: number, sizes: number[]): Omit<SearchResult, 'elapsed_s'> {
  const column = new Map(names.map((n, i) => [n, i]));
  const header = parts[0].header;
  const merged = sizes.map((k) =>
    mergeShards(
      parts.filter((p) => p.size.size === k).map((p) => p.size),
      (name) => column.get(name)!,
      top,
      header.rank_by,
    ),
  );
  return { ...header, sizes: merged };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
