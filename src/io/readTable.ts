/**
 * readTable: the one entry point from a file name to a checked Table, dispatching on the extension.
 * Kept apart from table.ts so that the readers can import the Table type without an import cycle.
 */
import * as path from 'node:path';
import { OinfoInputError } from '../errors.js';
import { readCsv } from './csv.js';
import { readNpy } from './npy.js';
import { type Table, validateTable } from './table.js';

/** File extensions `readTable` understands (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS = ['.csv', '.npy'] as const;

/**
 * Reads a .csv or .npy file (chosen by extension, case-insensitively) and checks that every value is
 * finite. Every problem is an OinfoInputError whose one-line message names the file.
 */
export function readTable(file: string): Table {
  const ext = path.extname(file).toLowerCase();
  let table: Table;
  if (ext === '.csv') {
    table = readCsv(file);
  } else if (ext === '.npy') {
    table = readNpy(file);
  } else {
    const what = ext === '' ? 'no file extension' : `unsupported file extension "${ext}"`;
    throw new OinfoInputError(
      `cannot read "${file}": ${what} (supported formats: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  validateTable(table, file);
  return table;
}
