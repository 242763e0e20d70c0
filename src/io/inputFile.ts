/**
 * Reading an input file's bytes, shared by the CSV and .npy readers (and the IDX image reader).
 */
import * as fs from 'node:fs';
import { OinfoInputError } from '../errors.js';

/**
 * Reads a whole input file (0: standard input), turning the usual failures into one-line OinfoInputErrors
 * (`cannot read "x.csv": no such file`).
 */
export function readInputFile(file: string | 0): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    let reason: string;
    if (code === 'ENOENT') reason = 'no such file';
    else if (code === 'EISDIR') reason = 'it is a directory';
    else if (code === 'EACCES' || code === 'EPERM') reason = 'permission denied';
    else reason = code ?? String(err instanceof Error ? err.message : err).split('\n')[0];
    throw new OinfoInputError(`cannot read ${file === 0 ? 'standard input' : `"${file}"`}: ${reason}`);
  }
}
