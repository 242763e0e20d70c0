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
    return file === 0 ? readStdin() : fs.readFileSync(file);
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

/**
 * All of standard input. readFileSync(0) fails with EAGAIN when stdin is a non-blocking pipe (as
 * node's child processes get), so read in a loop and wait a few ms whenever no data is there yet.
 */
function readStdin(): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(1 << 16);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break; // Windows: the end of a pipe
      throw err;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}
