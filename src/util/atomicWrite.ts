import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, type Stats, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Where a write to `path` lands: symlinks followed to the end; `stats` is absent if nothing is there yet. */
export interface WriteTarget {
  path: string;
  stats?: Stats;
}

/**
 * Follows `path` through symlinks (also a dangling one, to the file it would create) to the entry a
 * write would change. Errors other than "nothing there" (ENOTDIR, ELOOP, …) are thrown as they are.
 */
export function resolveWriteTarget(path: string): WriteTarget {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: current };
      throw error;
    }
    if (!stats.isSymbolicLink()) return { path: current, stats };
    current = resolve(dirname(current), readlinkSync(current));
  }
  statSync(path); // a symlink loop: throws the system's ELOOP
  throw new Error(`too many symbolic links: ${path}`);
}

/**
 * Writes a file so that readers see either the old content or the whole new content, never a
 * half-written file: write a temporary sibling, then rename it over the target (atomic on POSIX).
 * Symlinks are followed, so the link stays and its target is replaced. Anything that exists and is
 * not a regular file (/dev/null, a FIFO, a socket) is written directly: renaming over it would
 * replace the device or pipe with a plain file.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = resolveWriteTarget(path);
  if (target.stats && !target.stats.isFile()) {
    writeFileSync(target.path, content);
    return;
  }
  const dir = dirname(target.path);
  mkdirSync(dir, { recursive: true });
  const temporary = join(dir, `.${basename(target.path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, target.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
