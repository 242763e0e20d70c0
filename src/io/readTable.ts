/**
 * readTable: the one entry point from a file name to a checked Table, dispatching on the extension.
 * Kept apart from table.ts so that the readers can import the Table type without an import cycle.
 */
import * as path from 'node:path';
import { OinfoInputError } from '../errors.js';
import { parseCsv, readCsv } from './csv.js';
import { csvText } from './csvText.js';
import { readInputFile } from './inputFile.js';
import { NPY_MAGIC, readNpy } from './npy.js';
import { type Table, validateTable } from './table.js';

/** File extensions `readTable` understands (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS = ['.csv', '.npy'] as const;

/** The input name that means CSV on standard input. */
export const STDIN = '-';

/** Errors about standard input name it so. */
const STDIN_SOURCE = 'stdin';

/**
 * Reads CSV from standard input, with the file reader's parser (the same numbers to the last bit).
 * A .npy cannot come this way: it is named as such.
 */
function readStdinCsv(): Table {
  if (process.stdin.isTTY) process.stderr.write('oinfo: reading CSV from standard input (end it with Ctrl-D)\n');
  const bytes = readInputFile(0);
  if (NPY_MAGIC.every((byte, i) => bytes[i] === byte))
    throw new OinfoInputError('standard input is a .npy file: .npy cannot be read from stdin; give its file name');
  return parseCsv(csvText(bytes, STDIN_SOURCE), STDIN_SOURCE);
}

/**
 * Reads a .csv or .npy file (chosen by extension, case-insensitively), or CSV from stdin for `-`, and checks that every value is
 * finite. Every problem is an OinfoInputError whose one-line message names the file.
 */
export function readTable(file: string): Table {
  const ext = path.extname(file).toLowerCase();
  let table: Table;
  if (file === STDIN) {
    table = readStdinCsv();
  } else if (ext === '.csv') {
    table = readCsv(file);
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
