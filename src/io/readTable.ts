/**
 * readTable: the one entry point from a file name to a checked Table, dispatching on the extension.
 * Kept apart from table.ts so that the readers can import the Table type without an import cycle.
 */
import * as path from 'node:path';
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

/** CSV bytes to a Table: the engine's fast path where it applies, else csv.ts (the same numbers to the last bit). */
function csvTable(bytes: Buffer, source: string, options: ReadOptions): Table {
  checkCsvText(bytes, source);
  return readCsvFast(bytes, source, options) ?? parseCsv(bytes.toString('utf8'), source);
}

/**
 * Reads and parses a CSV file; a compressed, binary or non-UTF-8 file is named as such (see csvText).
 * Values are not checked for NaN/Inf: see validateTable.
 */
export function readCsv(file: string, options: ReadOptions = {}): Table {
  return readCsvFileFast(file, options) ?? csvTable(readInputFile(file), file, options);
}

/**
 * Reads CSV from standard input, with the file reader's parser (the same numbers to the last bit).
 * A .npy cannot come this way: it is named as such.
 */
function readStdinCsv(options: ReadOptions): Table {
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
export function readTable(file: string, options: ReadOptions = {}): Table {
  const ext = path.extname(file).toLowerCase();
  let table: Table;
  if (file === STDIN) {
    table = readStdinCsv(options);
  } else if (ext === '.csv') {
    table = readCsv(file, options);
  } else if (ext === '.npy') {
    table = readNpy(file);
  } else {
    const what = ext === '' ? 'no file extension' : `unsupported file extension "${ext}"`;
    throw new OinfoInputError(
      `cannot read "${file}": ${what} (supported formats: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  validateTable(table, file === STDIN ? STDIN_SOURCE : file);
  return table;
}
