import { ProgressDisplay } from '../cli/progress.js';

/** How stages tell the user what they do: short lines, and a bar for long loops. */
export interface Reporter {
  info(message: string): void;
  /** Starts (or updates) a progress bar; `detail` is shown beside it. */
  progress(label: string, done: number, total: number, detail?: string): void;
  endProgress(): void;
}

/** Lines on stderr; a bar on a terminal, a line every few seconds (and at the end of a loop) in a log. */
export class ConsoleReporter implements Reporter {
  private readonly display: ProgressDisplay;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, logEveryMs = 10_000) {
    this.display = new ProgressDisplay(stream, { logEveryMs, logWhenDone: true, etaBuffer: 100 });
  }

  info(message: string): void {
    this.endProgress();
    this.stream.write(`oinfo: ${message}\n`);
  }

  progress(label: string, done: number, total: number, detail = ''): void {
    this.display.update(done, total, () => ({
      format: `${label} |{bar}| {percentage}% | {detail} | ETA {eta_formatted}`,
      payload: { detail },
      line: () => `oinfo: ${label} ${((100 * done) / Math.max(total, 1)).toFixed(0)}% (${done}/${total})${detail ? ` ${detail}` : ''}`,
    }));
  }

  endProgress(): void {
    this.display.stop();
  }
}

/** Says nothing (tests, library use). */
export const silentReporter: Reporter = { info() {}, progress() {}, endProgress() {} };
