import { writeFileAtomic } from '../util/atomicWrite.js';

/** A result that could not be written (disk full, an I/O error): one line, exit code 1. */
export class OutputWriteError extends Error {
  override name = 'OutputWriteError';
}

/** The system's words for an fs error: "no space left on device" from "ENOSPC: no space left on device, write". */
export function systemErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^E[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

/**
 * Prints a result's text, or writes it atomically to `out` and says where. Resolves once the text is
 * handed to the system, so the CLI never exits with part of it unwritten.
 */
export async function emitText(text: string, out: string | undefined): Promise<void> {
  if (out) {
    try {
      writeFileAtomic(out, text);
    } catch (error) {
      throw new OutputWriteError(`cannot write --out "${out}": ${systemErrorText(error)}`);
    }
    process.stderr.write(`oinfo: wrote ${out}\n`);
  } else {
    await writeStdout(text);
  }
}

/**
 * Writes to stdout. A reader that went away (EPIPE, as in `oinfo search … | head`) is not an error:
 * nobody is left to read, so the CLI ends quietly like other Unix filters. (main.ts keeps the
 * 'error' event that also fires from crashing the process.)
 */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => {
      if (!error || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(new OutputWriteError(`cannot write to standard output: ${systemErrorText(error)}`));
    });
  });
}

export function warn(messages: readonly string[]): void {
  for (const m of messages) process.stderr.write(`oinfo: warning: ${m}\n`);
}
