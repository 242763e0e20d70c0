/**
 * searchAll (`oinfo search --all`, SPEC §9): every multiplet of sizes minSize..maxSize with its four
 * measures, streamed as CSV or NDJSON to a file (or an open file descriptor) in rank order — size by size,
 * each in lexicographic order of the candidates' column positions — written by the engine
 * (native/engine/all_search.hpp: its threads natively, the search worker on WASM), in constant memory.
 *
 * A row holds exactly what a search's JSON holds for the same multiplet: the engine's own Ω and TC, the
 * bias constants of the size and the units applied as a search's report does, each number printed as
 * JavaScript prints it (String(x)). Singular multiplets get no row (each size counts them).
 *
 *   csv:     size,oinfo,tc,dtc,sinfo,vars — vars the names joined with ";", RFC 4180 (CRLF, a field with a
 *            comma, quote or line break quoted): the CSV of `oinfo search` without kind and rank
 *   ndjson:  {"size":3,"vars":["a","b","c"],"oinfo":…,"tc":…,"dtc":…,"sinfo":…} per line (no metadata
 *            line: every line is a row, e.g. for pandas.read_json(lines=True))
 *
 * To a path the rows go to a temporary file beside it, renamed over it at the end (a reader never sees
 * half a file; an abort or a failure leaves nothing); a device, FIFO or socket (e.g. /dev/null) is written
 * directly, as anything that exists and is not a regular file is never replaced.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { getSystemErrorMap } from 'node:util';

import { ALL_FORMATS, type AllFormat, type BackendName, type Engine, type RawAllResult, type RowLabels, type Units } from '../backend/engine.js';
import { getEngine } from '../backend/load.js';
import { OinfoAbortError, OinfoInputError, OinfoOptionError, OinfoWriteError } from '../errors.js';
import { resolveWriteTarget } from '../util/atomicWrite.js';
import { describeValue } from '../util/describeValue.js';
import { type DataInput, type Dataset, prepare } from './dataset.js';
import { discreteStatistics, resolveTarget, type TargetKind } from './discreteTarget.js';
import { resolveSearch } from './searchOptions.js';
import { callbackOption, choiceOption, integerOption, type OptionNames, optionsObject, signalOption } from './validate.js';

export interface SearchAllOptions {
  /** Where the rows go: a path (written atomically; a device, FIFO or socket directly) or an open file descriptor (written from its position, left open). */
  out: string | number;
  /** 'csv' (default) or 'ndjson'. */
  format?: AllFormat;
  /** CSV: a header row first (default true). */
  header?: boolean;
  /** A column in every multiplet (e.g. the class label); not counted in the size, not in `vars`. */
  target?: string;
  targetKind?: TargetKind;
  /** Candidate columns (default: every column but the target). */
  vars?: string[];
  /** Smallest size (default 3, or 2 with a target). */
  minSize?: number;
  /** Largest size. */
  maxSize: number;
  /** When given, maxSize must not exceed it (the command line passes its --exhaustive-max: `--all` writes exhaustive sizes only). */
  exhaustiveMax?: number;
  threads?: number;
  units?: Units;
  biasCorrect?: boolean;
  backend?: string;
  /** Ranks per chunk of the engine's work (default 16 384; tests). The bytes written do not depend on it. */
  chunkRanks?: number;
  /** Chunks in flight in the engine's reorder window (default 2 × threads + 2; tests). */
  window?: number;
}

export interface SearchAllControl {
  /** Stops the run within milliseconds; the promise rejects with an AbortError and nothing is left at `out` (a path). */
  signal?: AbortSignal;
  /** Called with (multiplets done, multiplets in all), at most every ~50 ms. */
  onProgress?: (done: number, total: number) => void;
}

export interface SearchAllSize {
  size: number;
  /** C(n, k): the multiplets of the size. */
  multiplets: number;
  /** Rows written (multiplets − singular). */
  rows: number;
  /** Singular multiplets, left out. */
  singular: number;
}

/** What searchAll did (the rows are in the file). */
export interface SearchAllResult {
  backend: BackendName;
  n_samples: number;
  variables: string[];
  target: string[];
  target_kind: 'discrete' | 'continuous' | null;
  units: Units;
  bias_corrected: boolean;
  format: AllFormat;
  out: string | number;
  sizes: SearchAllSize[];
  /** Rows written in all. */
  rows: number;
  /** Bytes written in all (the header included). */
  bytes: number;
  elapsed_s: number;
}

/** What searchAll will write: multiplets, an estimate of the bytes, the backend and threads. */
export interface SearchAllPlan {
  multiplets: number;
  /** An estimate (± a few %): multiplets × the mean row length (names from the data, numbers at 19.5 characters). */
  bytes: number;
  backend: BackendName;
  threads: number;
  /** Classes of a discrete target (0 otherwise). */
  classes: number;
}

/** The CSV header row. */
export const ALL_CSV_HEADER = 'size,oinfo,tc,dtc,sinfo,vars\r\n';

/** search() options that mean nothing when every multiplet is written: refused, never ignored. */
const SEARCH_ONLY = [
  'method', 'beam', 'budget', 'budgetSeconds', 'restarts', 'seed', 'top', 'histogram', 'rankBy', 'shard', 'bootstrap', 'permutations', 'null', 'ci',
] as const;

/**
 * searchAllPlan's options: SearchAllOptions, and the search's that resolve() refuses by name (SEARCH_ONLY,
 * groups) rather than as unknown.
 */
const PLAN_OPTIONS: OptionNames<SearchAllOptions> = {
  out: true, format: true, header: true, target: true, targetKind: true, vars: true, minSize: true, maxSize: true, exhaustiveMax: true,
  threads: true, units: true, biasCorrect: true, backend: true, chunkRanks: true, window: true,
  ...Object.fromEntries([...SEARCH_ONLY, 'groups'].map((name) => [name, true] as const)),
};
const CONTROL_OPTIONS: OptionNames<SearchAllControl> = { signal: true, onProgress: true };

/** The mean length of a number as the rows write it (shortest round-trip text of values of order 1). */
const MEAN_NUMBER_CHARS = 19.5;

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) c = (c * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(c);
}

function formatOption(value: unknown): AllFormat {
  return choiceOption(value, 'format', ALL_FORMATS, 'csv');
}

function outOption(value: unknown): string | number {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new OinfoOptionError('out', `must be a file path or an open file descriptor, got ${describeValue(value)}`);
}

/** The options checked and resolved against the data set, in the API's words. */
function resolve(engine: Engine, dataset: Dataset, options: SearchAllOptions) {
  for (const name of SEARCH_ONLY)
    if ((options as unknown as Record<string, unknown>)[name] !== undefined)
      throw new OinfoOptionError(name, 'does not apply to {searchAll}: it writes every multiplet of every size');
  if ((options as { groups?: unknown }).groups !== undefined)
    throw new OinfoOptionError('groups', 'is not supported by {searchAll} yet: write every multiplet of single columns, or search the groups');
  const format = formatOption(options.format);
  const header = options.header === undefined ? true : options.header;
  if (typeof header !== 'boolean') throw new OinfoOptionError('header', `must be true or false, got ${describeValue(header)}`);
  if (options.header !== undefined && format !== 'csv') throw new OinfoOptionError('header', 'is the CSV header row: NDJSON has none');
  const resolved = resolveSearch(dataset, {
    target: options.target,
    vars: options.vars,
    minSize: options.minSize,
    maxSize: options.maxSize,
    threads: options.threads,
    units: options.units,
    biasCorrect: options.biasCorrect,
    exhaustiveMax: options.maxSize,
  });
  const { minSize, maxSize } = resolved.raw;
  if (options.exhaustiveMax !== undefined) {
    const limit = integerOption(options.exhaustiveMax, 'exhaustiveMax', { min: 1 });
    if (maxSize > limit)
      throw new OinfoOptionError(
        'maxSize',
        `${maxSize} is above {exhaustiveMax} ${limit}, and {searchAll} writes exhaustive sizes only: raise {exhaustiveMax} to ${maxSize} or lower {maxSize}`,
      );
  }
  const target = resolveTarget(dataset, resolved.target, options.targetKind, maxSize);
  const chunkRanks = options.chunkRanks === undefined ? undefined : integerOption(options.chunkRanks, 'chunkRanks', { min: 1, max: 2 ** 40 });
  const window = options.window === undefined ? undefined : integerOption(options.window, 'window', { min: 1, max: 4096 });
  const n = resolved.candidates.length;
  const sizes: number[] = [];
  let multiplets = 0;
  for (let k = minSize; k <= maxSize; k++) {
    sizes.push(k);
    multiplets += binomial(n, k);
  }
  if (!(multiplets <= Number.MAX_SAFE_INTEGER))
    throw new OinfoOptionError('maxSize', `gives more multiplets than can be counted exactly (C(${n}, ${maxSize}) and below)`);
  const threads = engine.name === 'wasm' ? 1 : resolved.raw.threads;
  return { resolved, target, format, header, sizes, multiplets, threads, chunkRanks, window };
}

/** Each candidate's name as the rows write it: JSON for NDJSON; for CSV with quotes doubled, and whether it forces quoting. */
function rowLabels(names: readonly string[], format: AllFormat): RowLabels {
  const encoder = new TextEncoder();
  const parts = names.map((name) => encoder.encode(format === 'ndjson' ? JSON.stringify(name) : name.replace(/"/g, '""')));
  const ends = new Int32Array(parts.length);
  let total = 0;
  parts.forEach((part, i) => (ends[i] = total += part.length));
  const bytes = new Uint8Array(total);
  parts.forEach((part, i) => bytes.set(part, i === 0 ? 0 : ends[i - 1]));
  const quote = Int32Array.from(names, (name) => (format === 'csv' && /[",\r\n]/.test(name) ? 1 : 0));
  return { bytes, ends, quote };
}

/** The bytes the rows will take: exact but for the numbers (MEAN_NUMBER_CHARS each). */
function estimateBytes(labels: RowLabels, n: number, sizes: readonly number[], format: AllFormat, header: boolean): number {
  const labelBytes = labels.ends.length > 0 ? labels.ends[labels.ends.length - 1] : 0;
  const quoted = labels.quote.reduce((a, b) => a + b, 0);
  let bytes = format === 'csv' && header ? ALL_CSV_HEADER.length : 0;
  for (const k of sizes) {
    const rows = binomial(n, k);
    const names = (k / n) * labelBytes + (k - 1); // the mean of Σ over a multiplet's names, and their separators
    // CSV: "k," four numbers, four commas, the names, CRLF (+2 quotes where some name forces them, roughly);
    // NDJSON: {"size":k,"vars":[…],"oinfo":…,"tc":…,"dtc":…,"sinfo":…} and LF.
    const quotes = format === 'csv' && quoted > 0 ? 2 * (1 - binomial(n - quoted, k) / rows) : 0;
    const fixed = format === 'csv' ? String(k).length + 1 + 4 + 2 + quotes : 52 + String(k).length;
    bytes += rows * (fixed + 4 * MEAN_NUMBER_CHARS + names);
  }
  return Math.round(bytes);
}

/** What searchAll will write, without writing: the CLI's estimate and its refusals. */
export function searchAllPlan(data: DataInput, options: Omit<SearchAllOptions, 'out'> & { out?: string | number }): SearchAllPlan {
  options = optionsObject(options, 'searchAllPlan', PLAN_OPTIONS, '{ maxSize }');
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { resolved, target, format, header, sizes, multiplets, threads } = resolve(engine, dataset, options as SearchAllOptions);
  const labels = rowLabels(resolved.candidates.map((i) => dataset.names[i]), format);
  const bytes = estimateBytes(labels, resolved.candidates.length, sizes, format, header);
  return { multiplets, bytes, backend: engine.name, threads, classes: target.classes?.values.length ?? 0 };
}

/** The error of a failed write (errno from the engine), naming where. */
function writeFailure(errno: number, where: string): OinfoWriteError {
  const [code, message] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, `error ${errno}`];
  return new OinfoWriteError(`cannot write ${where}: ${message}`, code);
}

/** Where the rows go for a path: a temporary sibling renamed at the end, or (not a regular file) the path itself. */
function openOutput(path: string): { fd: number; finish(): void; discard(): void } {
  const target = resolveWriteTarget(path);
  if (target.stats && !target.stats.isFile()) {
    const fd = openSync(target.path, 'w');
    return { fd, finish: () => closeSync(fd), discard: () => closeSync(fd) };
  }
  const dir = dirname(target.path);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(target.path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temporary, 'wx', 0o644);
  // A second Ctrl-C ends the process at once (process.exit): the temporary file goes with it.
  const onExit = () => rmSync(temporary, { force: true });
  process.on('exit', onExit);
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
    process.off('exit', onExit);
  };
  return {
    fd,
    finish() {
      try {
        close();
        renameSync(temporary, target.path);
      } catch (error) {
        close();
        rmSync(temporary, { force: true });
        throw error;
      }
    },
    discard() {
      close();
      rmSync(temporary, { force: true });
    },
  };
}

function systemText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^E[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

/**
 * Writes every multiplet of sizes minSize..maxSize — its size, Ω, TC, DTC, S-information (the units and
 * bias correction asked for) and its variables — as CSV or NDJSON rows to `out`, in rank order, and
 * resolves with a summary. Identical bytes for any number of threads; memory does not grow with the
 * number of multiplets. Rejects with an OinfoWriteError when the output cannot be written (nothing is left
 * at a path), an OinfoAbortError when aborted.
 */
export async function searchAll(data: DataInput, options: SearchAllOptions & SearchAllControl): Promise<SearchAllResult> {
  const started = performance.now();
  options = optionsObject(options, 'searchAll', { ...PLAN_OPTIONS, ...CONTROL_OPTIONS }, '{ out, maxSize }');
  const out = outOption(options.out);
  const signal = signalOption(options.signal);
  const onProgress = callbackOption<(done: number, total: number) => void>(options.onProgress, 'onProgress');
  if (signal?.aborted) throw new OinfoAbortError();
  const engine = getEngine(options.backend);
  const dataset = prepare(data, { backend: options.backend, threads: options.threads });
  const { resolved, target, format, header, sizes, threads, chunkRanks, window } = resolve(engine, dataset, options);
  const names = resolved.candidates.map((i) => dataset.names[i]);
  const labels = rowLabels(names, format);
  const n = names.length;
  const where = typeof out === 'number' ? `file descriptor ${out}` : `"${out}"`;

  let output: ReturnType<typeof openOutput> | undefined;
  let fd: number;
  try {
    if (typeof out === 'number') fd = out;
    else fd = (output = openOutput(out)).fd;
  } catch (error) {
    throw new OinfoWriteError(`cannot write ${where}: ${systemText(error)}`, (error as NodeJS.ErrnoException).code ?? 'EIO');
  }
  let headerBytes = 0;
  let summary: RawAllResult;
  try {
    if (format === 'csv' && header) {
      try {
        headerBytes = writeSync(fd, ALL_CSV_HEADER);
      } catch (error) {
        throw new OinfoWriteError(`cannot write ${where}: ${systemText(error)}`, (error as NodeJS.ErrnoException).code ?? 'EIO');
      }
    }
    const raw = { minSize: sizes[0], maxSize: sizes[sizes.length - 1], threads, units: resolved.raw.units, biasCorrect: resolved.raw.biasCorrect, format, chunkRanks, window };
    const handle = target.classes
      ? (() => {
          const stats = discreteStatistics(engine, dataset, target.classes, resolved.candidates, resolved.raw.threads);
          return engine.searchAll(stats.cov, n, dataset.nSamples, Int32Array.from(resolved.candidates, (_, i) => i), -1, raw, labels, fd, onProgress, stats.classes);
        })()
      : engine.searchAll(dataset.cov, dataset.names.length, dataset.nSamples, Int32Array.from(resolved.candidates), resolved.target, raw, labels, fd, onProgress);
    const abort = () => handle.cancel();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      summary = await handle.promise;
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    if (summary.writeError !== 0) throw writeFailure(summary.writeError, where);
    try {
      output?.finish();
    } catch (error) {
      throw new OinfoWriteError(`cannot write ${where}: ${systemText(error)}`, (error as NodeJS.ErrnoException).code ?? 'EIO');
    }
    output = undefined;
  } finally {
    output?.discard();
  }
  const bySize = summary.sizes.map((s) => ({ size: s.size, multiplets: binomial(n, s.size), rows: s.rows, singular: s.singular }));
  return {
    backend: engine.name,
    n_samples: dataset.nSamples,
    variables: names,
    target: resolved.target >= 0 ? [dataset.names[resolved.target]] : [],
    target_kind: target.kind,
    units: resolved.raw.units,
    bias_corrected: resolved.raw.biasCorrect,
    format,
    out,
    sizes: bySize,
    rows: bySize.reduce((a, s) => a + s.rows, 0),
    bytes: headerBytes + summary.bytes,
    elapsed_s: (performance.now() - started) / 1000,
  };
}
