import { Command } from 'commander';

import { integer } from './flags.js';
import { withInterrupt } from './interrupt.js';
import { backendOption } from './sharedOptions.js';

export function workerCommand(): Command {
  return new Command('worker')
    .description('take shards of distributed searches (`oinfo search … --queue URL`) from a Redis queue until stopped')
    .requiredOption('--queue <url>', 'the queue: redis://[:password@]host[:port][/db], or rediss://… for TLS')
    .option('--threads <n>', 'threads per shard (default: all cores)', integer)
    .option('--stall-seconds <s>', "how long a silent worker's shard waits before another worker takes it (default 30)", integer)
    .addOption(backendOption())
    .addHelpText(
      'after',
      `
A worker logs one line per shard on stderr; Ctrl-C or SIGTERM hands its running shard back to the queue
and exits 0 (a second one quits at once). Run as many as you like, on any machines that reach Redis.

Example:
  oinfo worker --queue redis://:secret@queue.example:6379 --threads 8`,
    )
    .action(async (opts) => {
      const log = (line: string) => process.stderr.write(`oinfo worker: ${new Date().toISOString()} ${line}\n`);
      const { Worker } = await import('../api/distributed/worker.js'); // not loaded by other commands
      const worker = new Worker({ queue: opts.queue, threads: opts.threads, backend: opts.backend, stallSeconds: opts.stallSeconds, onLog: log });
      await worker.start();
      // The CLI's one Ctrl-C/SIGTERM wiring: the first hands the running shard back and ends normally (exit 0),
      // a second quits at once (130).
      await withInterrupt(
        (signal) =>
          new Promise<void>((resolve) =>
            signal.addEventListener('abort', () => {
              log('stopping: a running shard goes back to the queue');
              worker.stop().then(resolve, resolve);
            }),
          ),
        { aborted: 'interrupted' },
      );
      log('stopped');
    });
}
