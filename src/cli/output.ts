import { writeFileAtomic } from '../util/atomicWrite.js';

/** Prints a result as one line of JSON, or writes it atomically to `out` and says where. */
export function emitJson(result: unknown, out: string | undefined): void {
  const text = JSON.stringify(result) + '\n';
  if (out) {
    writeFileAtomic(out, text);
    process.stderr.write(`oinfo: wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

export function warn(messages: readonly string[]): void {
  for (const m of messages) process.stderr.write(`oinfo: warning: ${m}\n`);
}
