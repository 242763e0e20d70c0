/**
 * Redis for the distributed search: the queue URL (checked, and shown without its password), and the
 * two packages it runs on, BullMQ and ioredis — optional peers, loaded only when a queue is used, so the
 * estimator alone installs neither.
 */
import type { Redis as RedisClient, RedisOptions } from 'ioredis';

import { OinfoInputError, OinfoOptionError } from '../../errors.js';
import { describeValue } from '../../util/describeValue.js';
import { peerInstallArgs } from '../../util/peers.js';

/** The optional peers of the distributed search. */
const QUEUE_PACKAGES = ['bullmq', 'ioredis'];

/** A failure of the queue (Redis unreachable, a job's state gone, a shard that cannot be computed): one line, exit 2. */
export class OinfoQueueError extends OinfoInputError {
  override name = 'OinfoQueueError';
}

/** A checked queue URL: redis://[user:password@]host[:port][/db] or rediss:// (TLS). */
export interface QueueUrl {
  url: string;
  /** The URL with its password replaced by ***: what logs and errors show. */
  shown: string;
}

export function queueUrlOption(value: unknown, option = 'queue'): QueueUrl {
  let parsed: URL | undefined;
  try {
    if (typeof value === 'string') parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '')
    throw new OinfoOptionError(
      option,
      `must be a Redis URL, redis://[:password@]host[:port][/db] or rediss://… for TLS, got ${typeof value === 'string' ? JSON.stringify(redact(value)) : describeValue(value)}`,
    );
  return { url: value as string, shown: redact(value as string) };
}

/** The URL without its password (also when it does not parse). */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

type Modules = { bullmq: typeof import('bullmq'); Redis: typeof import('ioredis').Redis };
let modules: Modules | undefined;

/** BullMQ and ioredis, or an error (exit 2) with the command that installs them. */
export async function queueModules(): Promise<Modules> {
  if (modules) return modules;
  try {
    const [bullmq, ioredis] = await Promise.all([import('bullmq'), import('ioredis')]);
    return (modules = { bullmq, Redis: ioredis.Redis });
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new OinfoInputError(`the distributed search needs bullmq and ioredis, not installed with oinfo: npm install ${peerInstallArgs(QUEUE_PACKAGES)}`);
  }
}

/**
 * A Redis client. `blocking` clients (BullMQ workers) retry a command until Redis answers; the others
 * give up after a few reconnection attempts, so that a coordinator notices an outage and can say so.
 * Errors are reported through `onError` (never ioredis's unhandled-error print, which would show a stack).
 */
export async function redisClient(queue: QueueUrl, options: { blocking: boolean; onError: (message: string) => void }): Promise<RedisClient> {
  const { Redis } = await queueModules();
  const settings: RedisOptions = {
    maxRetriesPerRequest: options.blocking ? null : 2,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
    connectTimeout: 5000,
  };
  const client = new Redis(queue.url, settings);
  client.on('error', (error: Error) => options.onError(redact(error.message)));
  return client;
}

/** Errors no retry mends: a wrong password, a certificate that is not trusted. */
const FATAL = /NOAUTH|WRONGPASS|invalid password|invalid username|certificate|self-signed|SSL|TLS/i;

/** Resolves once Redis answers; an OinfoQueueError after ~10 s, or at once for a wrong password or certificate. */
export async function waitForRedis(redis: RedisClient, queue: QueueUrl, seconds = 10): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  // A connection that fails (TLS, refused) says why in an 'error' event, not in the command's rejection.
  let lastError = '';
  const onError = (error: Error) => (lastError = error.message);
  redis.on('error', onError);
  try {
    for (;;) {
      try {
        await Promise.race([redis.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error(lastError || 'no answer')), 2000))]);
        return;
      } catch (error) {
        const message = FATAL.test(lastError) ? lastError : (error as Error).message;
        if (FATAL.test(message) || Date.now() > deadline) {
          redis.disconnect();
          throw new OinfoQueueError(`cannot reach Redis at ${queue.shown}: ${redact(message.replace(queue.url, queue.shown))}`);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  } finally {
    redis.off('error', onError);
  }
}
