/**
 * A worker of the distributed search (SPEC §10): takes shard jobs of any search from the queue, one at a
 * time on all its threads, and stores each result under its shard id. Start it, stop it; `oinfo worker`
 * is this class on the command line.
 *
 * Faults: a worker that dies mid-shard stops renewing its BullMQ lock, and after `stallSeconds` another
 * worker takes the shard again; results are stored by shard id (HSET of the same value), so a shard
 * computed twice still counts once. A payload that fails its checks fails its job alone (no retry), with
 * the reason stored where the coordinator reads it. stop() hands a running shard back to the queue.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import type { Job, Worker as BullWorker } from 'bullmq';
import type { Redis as RedisClient } from 'ioredis';

import { OinfoAbortError, OinfoInputError } from '../../errors.js';
import type { Dataset } from '../dataset.js';
import { search, type SearchOptions } from '../search.js';
import { integerOption, optionsObject, threadsOption } from '../validate.js';
import { decodeProblem } from './problem.js';
import { DISTRIBUTED_PROTOCOL, jobKeys, queueName, shardId, type ShardJob, WORKERS_KEY } from './protocol.js';
import { queueModules, queueUrlOption, redisClient, type QueueUrl, waitForRedis } from './redis.js';
import { checkShardJob } from './shardJob.js';
import { exactBinomial } from './shards.js';

export interface WorkerOptions {
  /** The Redis URL of the queue: redis://[:password@]host[:port][/db] or rediss:// (TLS). */
  queue: string;
  /** Threads per shard; default all cores. */
  threads?: number;
  backend?: string;
  /** A shard whose worker went silent this long is taken by another worker (default 30 s; also the lock's duration). */
  stallSeconds?: number;
  /** Log lines (shards taken, done, failed); default none. Never holds a password. */
  onLog?: (line: string) => void;
}

/** Attempts of a shard before it fails for good (a crash or an engine error; bad payloads get one). */
export const SHARD_ATTEMPTS = 5;
const DEFAULT_STALL_SECONDS = 30;
const HEARTBEAT_MS = 5000;
const PROGRESS_MS = 1000;

interface CachedProblem {
  digest: string;
  dataset: Dataset;
  options: SearchOptions;
}

export class Worker {
  /** This worker's name in logs and in the set of live workers. */
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly queue: QueueUrl;
  private readonly threads: number;
  private readonly stallSeconds: number;
  private readonly log: (line: string) => void;
  private bull?: BullWorker;
  private redis?: RedisClient;
  private connection?: RedisClient;
  private heartbeat?: NodeJS.Timeout;
  private readonly problems = new Map<string, CachedProblem>();
  private current?: AbortController;
  private stopping = false;

  constructor(private readonly options: WorkerOptions) {
    optionsObject(options, 'Worker', { queue: true, threads: true, backend: true, stallSeconds: true, onLog: true }, '{ queue }');
    this.queue = queueUrlOption(options.queue);
    this.threads = threadsOption(options.threads);
    this.stallSeconds = integerOption(options.stallSeconds, 'stallSeconds', { min: 1, max: 86_400, fallback: DEFAULT_STALL_SECONDS });
    this.log = options.onLog ?? (() => {});
  }

  /** Connects and starts taking shards; resolves once connected (an unreachable Redis: OinfoQueueError). */
  async start(): Promise<void> {
    const { bullmq } = await queueModules();
    // Before Redis first answers, waitForRedis says what is wrong, once.
    let connected = false;
    const onError = (message: string) => connected && this.log(`redis ${this.queue.shown}: ${message}`);
    this.redis = await redisClient(this.queue, { blocking: true, onError });
    await waitForRedis(this.redis, this.queue);
    connected = true;
    // BullMQ does not close a connection it was given: stop() does.
    const connection = (this.connection = await redisClient(this.queue, { blocking: true, onError }));
    const stall = this.stallSeconds * 1000;
    this.bull = new bullmq.Worker(queueName(), (job, token) => this.process(job, token), {
      connection,
      concurrency: 1,
      lockDuration: stall,
      stalledInterval: stall,
      maxStalledCount: SHARD_ATTEMPTS,
      removeOnComplete: { count: 0 },
      removeOnFail: { age: 24 * 3600 },
    });
    this.bull.on('error', (error) => onError(error.message));
    this.bull.on('failed', (job, error) => void this.failed(job, error));
    // Workers that died without a word (SIGKILL) drop out of the set after an hour.
    const beat = () =>
      void this.redis
        ?.multi()
        .zadd(WORKERS_KEY, Date.now(), this.id)
        .zremrangebyscore(WORKERS_KEY, 0, Date.now() - 3600_000)
        .exec()
        .catch(() => {});
    beat();
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.log(`worker ${this.id} takes shards from ${this.queue.shown} (protocol ${DISTRIBUTED_PROTOCOL}, ${this.threads} threads)`);
  }

  /** Stops taking shards; a running shard goes back to the queue for another worker. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.bull?.close();
    await this.redis?.zrem(WORKERS_KEY, this.id).catch(() => {});
    this.redis?.disconnect();
    this.connection?.disconnect();
    this.bull = this.redis = this.connection = undefined;
  }

  private async process(job: Job, token?: string): Promise<string> {
    const { bullmq } = await queueModules();
    let shard: ShardJob | undefined;
    try {
      shard = checkShardJob(job.data);
      const redis = this.redis!;
      const keys = jobKeys(shard.job);
      const id = shardId(shard.job, shard);
      if (await redis.exists(keys.cancelled)) return 'cancelled';
      if (await redis.hexists(keys.results, id)) return 'already done';
      const problem = await this.problem(shard.job);
      checkRange(shard, problem.options.vars?.length ?? 0, problem.options);
      this.log(`shard ${id} [${shard.from}, ${shard.to}) of size ${shard.size}: started`);
      const started = performance.now();
      const result = await this.compute(shard, id, problem);
      if (result === undefined) return 'cancelled';
      const { sizes, elapsed_s: _, ...header } = result;
      await redis.multi().hset(keys.results, id, JSON.stringify({ header, size: sizes[0] })).hdel(keys.progress, id).exec();
      this.log(`shard ${id}: done in ${((performance.now() - started) / 1000).toFixed(3)} s`);
      return 'done';
    } catch (error) {
      if (this.stopping) {
        // Handed back, not failed: no attempt is used up.
        await job.moveToWait(token);
        throw new bullmq.WaitingError();
      }
      if (error instanceof OinfoInputError) {
        // The payload itself is wrong: another attempt would fail the same way.
        if (shard) await this.recordError(shard, error.message);
        this.log(`job ${job.id}: refused: ${error.message}`);
        throw new bullmq.UnrecoverableError(error.message);
      }
      throw error;
    }
  }

  /** The shard's result, or undefined when its job was cancelled meanwhile. */
  private async compute(shard: ShardJob, id: string, problem: CachedProblem) {
    const redis = this.redis!;
    const keys = jobKeys(shard.job);
    const controller = (this.current = new AbortController());
    let last = 0;
    const onProgress = (done: number) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      redis.hset(keys.progress, id, done).catch(() => {});
      redis.exists(keys.cancelled).then((c) => c && controller.abort(), () => {});
    };
    try {
      return await search(problem.dataset, {
        ...problem.options,
        minSize: shard.size,
        maxSize: shard.size,
        shard: { from: shard.from, to: shard.to },
        threads: this.threads,
        backend: this.options.backend,
        signal: controller.signal,
        onProgress,
      });
    } catch (error) {
      if (error instanceof OinfoAbortError && !this.stopping) return undefined;
      throw error;
    } finally {
      this.current = undefined;
    }
  }

  /** The job's problem, decoded and checked once per job (and again if the job's record changed). */
  private async problem(job: string): Promise<CachedProblem> {
    const key = jobKeys(job).record;
    const digest = await this.redis!.hget(key, 'digest');
    if (digest === null) throw new OinfoInputError(`job ${job} has no problem in Redis (cancelled, finished, or lost with a Redis restart)`);
    const cached = this.problems.get(job);
    if (cached?.digest === digest) return cached;
    const decoded = decodeProblem(await this.redis!.hget(key, 'problem'));
    const entry = { digest, ...decoded };
    this.problems.clear(); // one job at a time is the common case: keep the memory of one problem
    this.problems.set(job, entry);
    return entry;
  }

  private async recordError(shard: ShardJob, message: string): Promise<void> {
    const keys = jobKeys(shard.job);
    await this.redis!.hset(keys.errors, shardId(shard.job, shard), message).catch(() => {});
  }

  /** A shard out of attempts (crashes, engine errors) is reported to its coordinator like a refused one. */
  private async failed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || error.name === 'UnrecoverableError' || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    try {
      await this.recordError(checkShardJob(job.data), `failed ${job.attemptsMade} times: ${error.message}`);
    } catch {
      // Not a shard job: nobody to tell.
    }
  }
}

/** A shard must lie in its problem: a size it searches, ranks below C(n, k). */
function checkRange(shard: ShardJob, candidates: number, options: SearchOptions): void {
  if (shard.size < (options.minSize ?? 0) || shard.size > options.maxSize || shard.to > exactBinomial(candidates, shard.size))
    throw new OinfoInputError(`bad shard job: size ${shard.size} ranks [${shard.from}, ${shard.to}) are outside the problem`);
}
