import { OinfoAbortError } from '../errors.js';

export interface InterruptOptions {
  /** The message of the OinfoAbortError an interrupted run ends with (the CLI exits with 130). */
  aborted: string;
  /** Printed on stderr at the first Ctrl-C. */
  onFirst?: string;
}

/**
 * Runs `work` with Ctrl-C and SIGTERM wired to its AbortSignal: the first stops the work, a second
 * quits at once with code 130. The handlers are removed when the work ends, so later signals get
 * Node's default (quit).
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>, options: InterruptOptions): Promise<T> {
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    if (options.onFirst) process.stderr.write(options.onFirst);
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    return await work(controller.signal);
  } catch (error) {
    // Once aborted, whatever the work throws (an AbortError, a TF.js or worker error) means "interrupted".
    if (error instanceof OinfoAbortError || controller.signal.aborted) throw new OinfoAbortError(options.aborted);
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
