/**
 * A shard job's data as a worker receives it, checked before anything else is done: any other shape —
 * a misrouted, corrupted or hostile job — fails that job alone, with a message saying why.
 */
import { OinfoInputError } from '../../errors.js';
import { describeValue } from '../../util/describeValue.js';
import { DISTRIBUTED_PROTOCOL, JOB_ID_PATTERN, type ShardJob } from './protocol.js';

/** A job of another protocol: the worker must not guess what it means. */
export class ProtocolMismatchError extends OinfoInputError {
  override name = 'ProtocolMismatchError';
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function checkShardJob(data: unknown): ShardJob {
  const d = data as Partial<Record<keyof ShardJob, unknown>> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw new OinfoInputError(`bad shard job: expected an object, got ${describeValue(data)}`);
  if (d.protocol !== DISTRIBUTED_PROTOCOL)
    throw new ProtocolMismatchError(
      `shard job of protocol ${describeValue(d.protocol)}, but this worker speaks protocol ${DISTRIBUTED_PROTOCOL}: ` +
        (typeof d.protocol === 'number' && d.protocol > DISTRIBUTED_PROTOCOL ? 'upgrade oinfo on this worker' : 'the coordinator runs another oinfo'),
    );
  if (typeof d.job !== 'string' || !JOB_ID_PATTERN.test(d.job)) throw new OinfoInputError(`bad shard job: job must match ${JOB_ID_PATTERN}, got ${describeValue(d.job)}`);
  if (!isCount(d.size) || d.size < 1 || !isCount(d.from) || !isCount(d.to) || d.to < d.from)
    throw new OinfoInputError('bad shard job: size must be an integer ≥ 1 and from ≤ to integers ≥ 0');
  return { job: d.job, protocol: d.protocol, size: d.size, from: d.from, to: d.to };
}
