import { closeSync, constants, openSync, statSync, type Stats, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { OinfoInputError } from '../errors.js';
import { resolveWriteTarget, type WriteTarget } from '../util/atomicWrite.js';
import { systemErrorText } from './output.js';

/**
 * Checks `--out` before any work (and before reading the inputs), so that a long search does not end
 * in a failed write and never replaces its own data. A device or a pipe is fine (written directly);
 * missing directories are fine (writeFileAtomic creates them) if the nearest existing one is a
 * writable directory. Throws an OinfoInputError naming the problem.
 */
export function checkOutputTarget(out: string | undefined, inputs: readonly string[]): void {
  if (out === undefined) return;
  let problem: string | undefined;
  try {
    problem = outputProblem(out, inputs);
  } catch (error) {
    problem = systemErrorText(error); // a symlink loop, a permission error on the way…
  }
  if (problem) throw new OinfoInputError(`cannot write --out "${out}": ${problem}`);
}

/** Why `out` cannot be written, or undefined if it can. */
function outputProblem(out: string, inputs: readonly string[]): string | undefined {
  let target: WriteTarget;
  try {
    target = resolveWriteTarget(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
    target = { path: out }; // a path under a file: named below, walking up
  }
  if (target.stats) {
    const input = inputs.find((file) => sameFile(file, target.path));
    if (input !== undefined) return `it is the input file "${input}" and would replace the data; choose another --out`;
    if (target.stats.isDirectory()) return 'it is a directory; give a file name';
    if (!target.stats.isFile()) return undefined; // a device, a pipe, a socket: written directly
  }
  const dir = nearestExisting(dirname(target.path));
  if (!dir.stats.isDirectory()) return `"${dir.path}" is a file, not a directory`;
  try {
    probeWritable(dir.path);
  } catch (error) {
    return `"${dir.path}" is not writable (${systemErrorText(error)})`;
  }
  return undefined;
}

/** Same file whatever the spelling: ./x.csv, x.csv, a symlink or a hard link to it. */
function sameFile(a: string, b: string): boolean {
  try {
    const sa = statSync(a, { bigint: true });
    const sb = statSync(b, { bigint: true });
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false; // a missing input is reported when it is read
  }
}

/** The closest of `dir` and its ancestors that exists (symlinks followed). */
function nearestExisting(dir: string): { path: string; stats: Stats } {
  for (;;) {
    try {
      return { path: dir, stats: statSync(dir) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(dir) === dir) throw error;
      dir = dirname(dir);
    }
  }
}

/**
 * Linux's O_TMPFILE (a file with no name in a directory) where it has its generic value: x64, arm64.
 * Node's constants lack it.
 */
const O_TMPFILE = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64') ? constants.O_DIRECTORY | 0o20000000 : undefined;

/**
 * Creates a file in `dir`: permission bits alone say nothing to root, nor about a read-only mount.
 * On Linux the file has no name, so a Ctrl-C (not yet wired here) can leave nothing behind; where the
 * file system has no unnamed files, or refuses it, a named file created and removed gives the answer.
 */
function probeWritable(dir: string): void {
  if (O_TMPFILE !== undefined) {
    try {
      closeSync(openSync(dir, O_TMPFILE | constants.O_WRONLY));
      return;
    } catch {
      // the named probe says why, or finds the directory writable after all
    }
  }
  const probe = join(dir, `.oinfo-probe.${process.pid}.${Date.now()}.tmp`);
  closeSync(openSync(probe, 'wx'));
  unlinkSync(probe);
}
