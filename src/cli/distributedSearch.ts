import { searchDistributed, type DistributedStatus } from '../api/distributed/coordinator.js';
import type { Dataset } from '../api/dataset.js';
import type { SearchOptions, SearchResult } from '../api/search.js';
import { OinfoAbortError } from '../errors.js';
import { formatCount } from '../util/format.js';
import { withInterrupt } from './interrupt.js';
import { ProgressDisplay } from './progress.js';

const FORMAT = 'oinfo search |{bar}| {percentage}% | {doneText} / {totalText} multiplets | shards {shards} | workers {workers} | ETA {eta_formatted}';

/**
 * `oinfo search … --queue URL`: the search on the queue's workers, with progress over all of them; the
 * first Ctrl-C cancels the job's remaining shards (the finished ones are kept for --job).
 */
export async function distributedSearch(
  dataset: Dataset,
  options: SearchOptions & { queue: string; shards?: number; job?: string },
): Promise<SearchResult> {
  const display = new ProgressDisplay(process.stderr, { delayMs: 1000, logEveryMs: 5000, etaBuffer: 50, clearOnComplete: true });
  const onJob = (s: DistributedStatus) =>
    process.stderr.write(
      s.attached
        ? `oinfo: re-attached to job ${s.job} (${s.shards} shards)\n`
        : `oinfo: job ${s.job}: ${s.shards} shards on the queue (re-attach with --job ${s.job})\n`,
    );
  // The view is built only when shown (formatting counts costs ICU start-up otherwise).
  const onProgress = (done: number, total: number, s: DistributedStatus) =>
    display.update(done, total, () => {
      const payload = { doneText: formatCount(done), totalText: formatCount(total), shards: `${s.shardsDone}/${s.shards}`, workers: String(s.workers) };
      return {
        format: FORMAT,
        payload,
        line: () =>
          `oinfo: job ${s.job} ${total > 0 ? ((100 * done) / total).toFixed(1) : '100'}% (${payload.doneText} / ${payload.totalText} multiplets, shards ${payload.shards}, workers ${payload.workers})`,
      };
    });
  // The coordinator's own words on cancelling (which job, how to resume) are the message to keep.
  let cancelled = 'interrupted';
  const run = (signal: AbortSignal) =>
    searchDistributed(dataset, { ...options, signal, onProgress, onJob }).catch((error: unknown) => {
      if (error instanceof OinfoAbortError) cancelled = error.message;
      throw error;
    });
  try {
    return await withInterrupt(run, { aborted: 'interrupted', onFirst: 'oinfo: cancelling the remaining shards…\n' });
  } catch (error) {
    throw error instanceof OinfoAbortError ? new OinfoAbortError(cancelled) : error;
  } finally {
    display.stop();
  }
}
