/**
 * `oinfo search … --all --out FILE`: every multiplet of every size (all exhaustive) with its four measures,
 * as CSV or NDJSON rows, in rank order (src/api/searchAll.ts). It replaces the search's result: the rows are
 * the output, a one-line summary goes to stderr. Refused with one line (exit 2): several inputs, no --out,
 * --out - on a terminal, a json or table format, the queue, and (by the API, naming the flag) every option
 * of a search that means nothing when every multiplet is written.
 */
import { statfsSync } from 'node:fs';
import { dirname, extname } from 'node:path';

import { searchAll, searchAllPlan, type SearchAllResult } from '../api/searchAll.js';
import { SEARCH_DEFAULTS } from '../api/searchOptions.js';
import { OinfoInputError, OinfoWriteError } from '../errors.js';
import { STDIN } from '../io/readTable.js';
import { resolveWriteTarget } from '../util/atomicWrite.js';
import { formatCount, roughDuration } from '../util/format.js';
import { datasetFor } from './dataInput.js';
import { withInterrupt } from './interrupt.js';
import { OutputWriteError } from './output.js';
import { checkOutputTarget } from './outputTarget.js';
import { SearchProgress } from './progress.js';
import { searchOptionsOf } from './searchOptionsOf.js';

/** Above this many bytes (an estimate) --all needs --yes. */
export const REFUSE_BYTES_ABOVE = 1e10;
/** Above this many multiplets too, as a search. */
const REFUSE_ABOVE = 1e11;
/** Runs estimated to take longer than this, or to write more than ANNOUNCE_BYTES, say so first. */
const ANNOUNCE_ABOVE_SECONDS = 10;
const ANNOUNCE_BYTES = 1e9;
/**
 * Rows written per second and thread (n = 100, k = 4–5, CSV to /dev/null on a 2-core AMD EPYC: native 4.9e6
 * on 1 thread, 1.0e7 on 2; WASM 3e6), conservative; a disk may well be slower (bytes ÷ its speed).
 */
const ROWS_PER_SECOND_PER_THREAD = { native: 4e6, wasm: 2e6 } as const;

/** --out's extension → the format of the rows. */
const ROW_EXTENSIONS: Record<string, 'csv' | 'ndjson'> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson' };

function bytesText(bytes: number): string {
  if (bytes < 1e3) return `${Math.round(bytes)} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes / 1e3;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The rows' format: --format (csv or ndjson; an --out extension that says otherwise is an error), else the extension, else csv. */
function rowFormat(format: string | undefined, out: string | undefined): 'csv' | 'ndjson' {
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  if (format !== undefined && format !== 'csv' && format !== 'ndjson')
    throw new OinfoInputError(`--all writes csv or ndjson rows, not ${format}: use --format csv or --format ndjson`);
  const implied = ROW_EXTENSIONS[ext];
  if (format !== undefined) {
    if (ext !== '' && implied !== format)
      throw new OinfoInputError(`--out "${out}" has the extension ${ext} but --format is ${format}: change the extension or drop --format`);
    return format;
  }
  if (implied) return implied;
  if (ext === '') return 'csv';
  throw new OinfoInputError(`--all writes CSV (.csv) or NDJSON (.ndjson, .jsonl) rows, not ${ext}: change --out's extension, or give --format csv|ndjson`);
}

/** Free bytes where `out` will be written (undefined when it cannot be told, or it is not a regular file). */
function freeBytes(out: string): number | undefined {
  try {
    const target = resolveWriteTarget(out);
    if (target.stats && !target.stats.isFile()) return undefined;
    let dir = dirname(target.path);
    for (;;) {
      try {
        const s = statfsSync(dir);
        return s.bavail * s.bsize;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) return undefined;
        dir = dirname(dir);
      }
    }
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's parsed flags
export async function searchAllCommand(inputs: readonly string[], opts: any): Promise<void> {
  if (inputs.length > 1) throw new OinfoInputError('--all writes one file: give one input with it');
  for (const flag of ['queue', 'shards', 'job'] as const)
    if (opts[flag] !== undefined)
      throw new OinfoInputError(`--all writes every multiplet on this machine: drop --${flag} (a distributed search keeps top lists)`);
  if (opts.out === undefined)
    throw new OinfoInputError('--all needs --out FILE (.csv or .ndjson) for its rows, or --out - for standard output');
  const toStdout = opts.out === '-';
  const out: string | undefined = toStdout ? undefined : opts.out;
  const format = rowFormat(opts.format, out);
  if (toStdout && process.stdout.isTTY)
    throw new OinfoInputError('--all --out - would print every multiplet on the terminal: give --out FILE, or pipe it (… --out - | gzip > all.csv.gz)');
  checkOutputTarget(out, inputs.filter((file) => file !== STDIN));

  const input = inputs[0];
  const dataset = datasetFor(input, opts);
  // Search options that do not apply to --all are passed on, for searchAll to refuse by name.
  const options = { ...searchOptionsOf(opts), exhaustiveMax: opts.exhaustiveMax ?? SEARCH_DEFAULTS.exhaustiveMax, format };
  const plan = searchAllPlan(dataset, options);
  const seconds = plan.multiplets / (ROWS_PER_SECOND_PER_THREAD[plan.backend] * plan.threads);
  const announce =
    `${formatCount(plan.multiplets)} multiplets to write, about ${bytesText(plan.bytes)}, ` +
    `about ${roughDuration(seconds)} with ${plan.threads} thread${plan.threads > 1 ? 's' : ''} (or what the disk takes)`;
  if (!opts.yes) {
    if (plan.multiplets > REFUSE_ABOVE)
      throw new OinfoInputError(`${announce}; refusing above ${formatCount(REFUSE_ABOVE)} multiplets without --yes (or lower --max-size)`);
    if (plan.bytes > REFUSE_BYTES_ABOVE)
      throw new OinfoInputError(`${announce}; refusing above ${bytesText(REFUSE_BYTES_ABOVE)} without --yes (or lower --max-size, or fewer --vars)`);
    const free = out === undefined ? undefined : freeBytes(out);
    if (free !== undefined && plan.bytes > free)
      throw new OinfoInputError(`${announce}, but only ${bytesText(free)} are free where --out "${out}" goes; free some space, or give --yes to try anyway`);
  }
  if (seconds > ANNOUNCE_ABOVE_SECONDS || plan.bytes > ANNOUNCE_BYTES) process.stderr.write(`oinfo: ${announce}\n`);

  const progress = new SearchProgress();
  let result: SearchAllResult;
  try {
    result = await withInterrupt(
      (signal) => searchAll(dataset, { ...options, out: out ?? 1, signal, onProgress: progress.update }),
      { aborted: out === undefined ? 'interrupted; the rows written so far stay written' : 'interrupted; nothing was written' },
    ).finally(() => progress.stop());
  } catch (error) {
    if (error instanceof OinfoWriteError) {
      if (toStdout && error.code === 'EPIPE') return; // the reader went away (… | head): not an error
      throw new OutputWriteError(error.message.replace(/^cannot write (file descriptor 1|"[^]*?"):/, out === undefined ? 'cannot write to standard output:' : `cannot write --out "${out}":`));
    }
    throw error;
  }
  const sizes = result.sizes.map((s) => s.size);
  const sizeText = sizes.length === 1 ? `size ${sizes[0]}` : `sizes ${sizes[0]}–${sizes[sizes.length - 1]}`;
  const singular = result.sizes.reduce((a, s) => a + s.singular, 0);
  process.stderr.write(
    `oinfo: wrote ${out === undefined ? 'standard output' : out}: ${formatCount(result.rows)} rows (${sizeText}, ${result.format}, ` +
      `${result.units}${result.bias_corrected ? ', bias-corrected' : ''}${singular > 0 ? `; ${formatCount(singular)} singular multiplets left out` : ''}), ` +
      `${bytesText(result.bytes)} in ${result.elapsed_s.toFixed(1)} s\n`,
  );
}
