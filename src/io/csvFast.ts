/**
 * The fast path of CSV input: the header row by csv.ts's rules, the data rows by the engine
 * (native/engine/csv_numbers.hpp: a plain numeric CSV, std::from_chars), which returns what csv.ts
 * would, to the last bit, or declines — then csv.ts reads the file and says what is wrong with it.
 * On the benchmark's 20 MB file: ~30 ms native (2 threads, the engine reading the file itself: readCsvFileFast),
 * ~210 ms WASM, ~300 ms for PapaParse and Number().
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

import type { CsvFileRead, Engine } from '../backend/engine.js';
import { threadsOption } from '../api/validate.js';
import { getEngine, resolveChoice } from '../backend/load.js';
import { headerNames } from './csv.js';
import { checkCsvText } from './csvText.js';
import type { Table } from './table.js';

export interface CsvReadOptions {
  /** The engine that reads the numbers: auto (default, the env OINFO_BACKEND), native or wasm. */
  backend?: unknown;
  /** Threads of the native reader (default: all cores). */
  threads?: number;
}

/** Below these sizes csv.ts is done before the engine has loaded (~2 ms native, ~11 ms WASM). */
const MIN_BYTES = { native: 128 << 10, wasm: 1 << 20 } as const;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Options the computation checks later (after the CSV's own errors) are not the reader's to reject. */
function threads(value: unknown): number {
  try {
    return threadsOption(value);
  } catch {
    return 0; // all cores
  }
}

/** The engine to read with, or undefined: too small a file, or no engine (prepare then says why, after the CSV's own errors). */
function csvEngine(backend: unknown, size: number): Engine | undefined {
  let choice: string;
  try {
    choice = resolveChoice(backend);
  } catch {
    return undefined;
  }
  // Not getEngine('auto'): its note about the WASM fallback belongs to the computation, not the reading.
  for (const name of choice === 'auto' ? (['native', 'wasm'] as const) : [choice as 'native' | 'wasm']) {
    if (size < MIN_BYTES[name]) continue;
    try {
      return getEngine(name);
    } catch {
      // the next one, or csv.ts
    }
  }
  return undefined;
}

/** The header row as csv.ts splits it, when the fast path applies to it: where it ends, its line end, its cells. */
interface Header {
  /** Index of the LF that ends the header row. */
  lf: number;
  crlf: boolean;
  cells: string[];
}

/** The header row of CSV bytes, or undefined: no LF, quotes or a CR inside it, or a blank first line. */
function headerRow(bytes: Uint8Array): Header | undefined {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; // the UTF-8 BOM
  const lf = bytes.indexOf(LF, start);
  if (lf < 0) return undefined;
  const crlf = lf > start && bytes[lf - 1] === CR;
  const headerEnd = crlf ? lf - 1 : lf;
  for (let i = start; i < headerEnd; i++) if (bytes[i] === QUOTE || bytes[i] === CR) return undefined;
  // Without quotes a record is its comma-separated pieces (what PapaParse makes of it).
  const cells = Buffer.from(bytes.buffer, bytes.byteOffset + start, headerEnd - start).toString('utf8').split(',');
  if (cells.length === 1 && cells[0].trim() === '') return undefined; // csv.ts skips blank lines
  return { lf, crlf, cells };
}

/** The Table of the engine's numbers under the header's names (whose errors csv.ts would throw). */
function table(values: Float64Array, cells: string[], source: string): Table {
  const names = headerNames(cells, `"${source}"`);
  const n = values.length / names.length;
  return { names, nSamples: n, columns: names.map((_, j) => values.subarray(j * n, (j + 1) * n)) };
}

/**
 * The Table of CSV bytes (already checked to be UTF-8 text: csvText.ts), or undefined when the fast
 * path does not apply: a small file, no engine, a header row with quotes, a blank first line, or data
 * rows the engine declines. Throws only what csv.ts would throw for the same bytes: header errors,
 * which come first there once the data rows are fine.
 */
export function readCsvFast(bytes: Uint8Array, source: string, options: CsvReadOptions = {}): Table | undefined {
  const engine = csvEngine(options.backend, bytes.length);
  if (engine === undefined) return undefined;
  const header = headerRow(bytes);
  if (header === undefined) return undefined;
  const values = engine.csvNumbers(bytes.subarray(header.lf + 1), header.cells.length, header.crlf, threads(options.threads));
  return values === undefined ? undefined : table(values, header.cells, source);
}

/** Where the header row is looked for in a file the engine reads itself; a longer one takes readCsvFast's way. */
const HEAD_BYTES = 64 << 10;

/** The first bytes of a file (up to `length`), or undefined when they cannot be read (the caller's reader says why). */
function fileHead(file: string, length: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The head of a CSV file and its header row, when the engine can read the file (native, large enough). */
function fileStart(file: string, options: CsvReadOptions): { engine: Engine; head: Buffer; header: Header } | undefined {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return undefined;
    size = stat.size;
  } catch {
    return undefined;
  }
  const engine = csvEngine(options.backend, size);
  if (engine === undefined || !engine.readsFiles) return undefined;
  const head = fileHead(file, Math.min(size, HEAD_BYTES));
  const header = head && headerRow(head);
  if (head === undefined || header === undefined) return undefined;
  return { engine, head: head.subarray(0, header.lf + 1), header };
}

/** A read started early (startCsvFileRead) and not yet taken. */
let early: { engine: Engine; read: CsvFileRead } | undefined;

/**
 * Starts the engine reading a CSV file now, for readCsvFileFast to take later (src/cli/earlyRead.ts: the
 * command line's data file, while the CLI's modules load). Says nothing and throws nothing: whatever
 * is wrong with the file is for the reader to report when it gets there.
 */
export function startCsvFileRead(file: string, options: CsvReadOptions = {}): void {
  try {
    const start = fileStart(file, options);
    if (start === undefined) return;
    const read = start.engine.startCsvFile(file, start.head, start.header.cells.length, start.header.crlf, threads(options.threads));
    if (read !== undefined) early = { engine: start.engine, read };
  } catch {
    // the reader reads the file as if nothing had been started
  }
}

/** The early read of exactly this file, engine, head and header (taken once), or undefined. */
function takeEarly(file: string, engine: Engine, head: Uint8Array, header: Header): CsvFileRead | undefined {
  const pending = early;
  if (pending === undefined) return undefined;
  const { read } = pending;
  const same =
    pending.engine === engine && read.path === file && read.fields === header.cells.length && read.crlf === header.crlf &&
    Buffer.compare(read.head, head) === 0;
  if (!same) return undefined;
  early = undefined;
  return read;
}

/**
 * readCsvFast of a CSV file that the engine reads itself (native only; native/engine/csv_file.hpp): no
 * 20 MB buffer is filled in JavaScript first. Here only the head is read, for the header row, which is
 * checked as csvText.ts checks a file: the data rows the engine accepts are plain ASCII, so the file
 * then passes those checks too. A read of this file started early (startCsvFileRead) is taken if it
 * was asked exactly so. Undefined when the fast path does not apply — also when the file cannot be
 * read here: the caller then reads it its own way and reports what it finds. Null when the engine read
 * the file and declined it: its bytes are then csv.ts's to read (the engine would decline them again).
 */
export function readCsvFileFast(file: string, options: CsvReadOptions = {}): Table | null | undefined {
  const start = fileStart(file, options);
  if (start === undefined) return undefined;
  const { engine, head, header } = start;
  checkCsvText(head, file);
  const read = takeEarly(file, engine, head, header) ?? engine.startCsvFile(file, head, header.cells.length, header.crlf, threads(options.threads));
  if (read === undefined) return undefined;
  const values = engine.finishCsvFile(read);
  return values === undefined ? null : table(values, header.cells, file);
}
