/**
 * What coordinators and workers agree on (SPEC §10): the protocol version, the queue and Redis key
 * names, and the shape of a shard job. A change to the problem's schema or to how a shard is computed
 * bumps DISTRIBUTED_PROTOCOL; since the queue's name carries it, a worker of another protocol never
 * even sees the job (and one that does, by a misrouted payload, refuses it: worker.ts).
 */

/** The version of the problem and shard formats. */
export const DISTRIBUTED_PROTOCOL = 1;

/** The BullMQ queue of the shards of one protocol. */
export function queueName(protocol = DISTRIBUTED_PROTOCOL): string {
  return `oinfo-shards-v${protocol}`;
}

/** Job ids are safe in Redis keys and BullMQ job ids (no ':' or '.', which shard ids use as separators). */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The Redis keys of one distributed search. `record` holds the problem (JSON), its digest and the shard
 * plan; `results` one field per finished shard (shard id → its size result, written idempotently, so a
 * shard computed twice is stored once); `progress` the multiplets done of running shards; `errors` why
 * a shard cannot be computed; `cancelled` exists once the coordinator gave up the job.
 */
export function jobKeys(job: string) {
  const base = `oinfo:job:${job}`;
  return { record: base, results: `${base}:results`, progress: `${base}:progress`, errors: `${base}:errors`, cancelled: `${base}:cancelled` };
}

/** A sorted set of live workers: member "<worker id>", score the time (ms) of its last heartbeat. */
export const WORKERS_KEY = 'oinfo:workers';
/** A worker whose heartbeat is older than this is not counted as alive. */
export const WORKER_ALIVE_MS = 15_000;
/** Every key of a job expires this long after it was last touched: an abandoned job does not stay forever. */
export const JOB_TTL_SECONDS = 7 * 24 * 3600;

/** A rank range [from, to) of one exhaustive size. */
export interface Shard {
  size: number;
  from: number;
  to: number;
}

/** The data of a shard's BullMQ job: which job's problem, which range, in which protocol. */
export interface ShardJob extends Shard {
  job: string;
  protocol: number;
}

/** The shard's id, also its BullMQ job id: adding it again while it waits or runs adds nothing. */
export function shardId(job: string, shard: Shard): string {
  return `${job}.${shard.size}.${shard.from}`;
}
