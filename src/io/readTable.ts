/**
 * readTable: the one entry point from a file name to a checked Table, dispatching on the extension.
 * Kept apart from table.ts so that the readers can import the Table type without an import cycle.
 */
import * as path from 'node:path';

import { optionsObject } from '../api/validate.js';
import { OinfoInputError } from '../errors.js';
import { parseCsv } from './csv.js';
import { type CsvReadOptions, readCsvFast, readCsvFileFast } from './csvFast.js';
import { checkCsvText } from './csvText.js';
import { readInputFile } from './inputFile.js';
import { NPY_MAGIC, readNpy } from './npy.js';
import { type Table, validateTable } from './table.js';

/** File extensions `readTable` understands (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS = ['.csv', '.npy'] as const;

/** The input name that means CSV on standard input. */
export const STDIN = '-';

/** Errors about standard input name it so. */
const STDIN_SOURCE = 'stdin';

/** How readTable reads: the engine of the CSV fast path and its threads (see csvFast.ts). */
export type ReadOptions = CsvReadOptions;

/**
 * A table read, and whether its values are known to be finite: the engine's CSV fast path reads only
 * finite decimals (csv_numbers.hpp declines the rest), so what it returns needs no second look.
 */
interface Read {
  table: Table;
  finite: boolean;
}

/**
 * CSV bytes to a Table: the engine's fast path where it applies (not when the engine has declined this
 * file already), else csv.ts (the same numbers to the last bit).
 */
function csvTable(bytes: Buffer, source: string, options: ReadOptions, engineDeclined = false): Read {
  checkCsvText(bytes, source);
  const fast = engineDeclined ? undefined : readCsvFast(bytes, source, options);
  return fast ? { table: fast, finite: true } : { table: parseCsv(bytes.toString('utf8'), source), finite: false };
}

/** A CSV file: read by the engine itself where it can, else its bytes as csvTable reads them. */
function csvFile(file: string, options: ReadOptions): Read {
  const fast = readCsvFileFast(file, options);
  return fast ? { table: fast, finite: true } : csvTable(readInputFile(file), file, options, fast === null);
}

/**
 * Reads and parses a CSV file; a compressed, binary or non-UTF-8 file is named as such (see csvText).
 * Values are not checked for NaN/Inf: see validateTable.
 */
export function readCsv(file: string, options: ReadOptions = {}): Table {
  return csvFile(file, options).table;
}

/**
 * Reads CSV from standard input, with the file reader's parser (the same numbers to the last bit).
 * A .npy cannot come this way: it is named as such.
 */
function readStdinCsv(options: ReadOptions): Read {
  if (process.stdin.isTTY) process.stderr.write('oinfo: reading CSV from standard input (end it with Ctrl-D)\n');
  const bytes = readInputFile(0);
  if (NPY_MAGIC.every((byte, i) => bytes[i] === byte))
    throw new OinfoInputError('standard input is a .npy file: .npy cannot be read from stdin; give its file name');
  return csvTable(bytes, STDIN_SOURCE, options);
}

/**
 * Reads a .csv or .npy file (chosen by extension, case-insensitively), or CSV from stdin for `-`, and checks that every value is
 * finite. Every problem is an OinfoInputError whose one-line message names the file. `options.backend`
 * picks the engine that reads large CSV files (as the computation's --backend; default auto).
 */
export function readTable(file: string, options?: ReadOptions): Table {
  options = optionsObject(options, 'readTable', { backend: true, threads: true });
  const ext = path.extname(file).toLowerCase();
  let read: Read;
  if (file === STDIN) {
    read = readStdinCsv(options);
  } else if (ext === '.csv') {
    read = csvFile(file, options);
  } else if (ext === '.npy') {
    read = { table: readNpy(file), finite: false };
  } else {
    const what = ext === '' ? 'no file extension' : `unsupported file extension "${ext}"`;
    throw new OinfoInputError(
      `cannot read "${file}": ${what} (supported formats: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  if (!read.finite) validateTable(read.table, file === STDIN ? STDIN_SOURCE : file);
  return read.table;
}
