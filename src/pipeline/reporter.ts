import cliProgress from 'cli-progress';

/** How stages tell the user what they do: short lines, and a bar for long loops. */
export interface Reporter {
  info(message: string): void;
  /** Starts (or updates) a progress bar; `detail` is shown beside it. */
  progress(label: string, done: number, total: number, detail?: string): void;
  endProgress(): void;
}

/** Lines on stderr; a bar on a terminal, a line every few seconds in a log. */
export class ConsoleReporter implements Reporter {
  private bar?: cliProgress.SingleBar;
  private barLabel = '';
  private lastLine = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly logEveryMs = 10_000) {}

  info(message: string): void {
    this.endProgress();
    this.stream.write(`oinfo: ${message}\n`);
  }

  progress(label: string, done: number, total: number, detail = ''): void {
    if (this.stream.isTTY) {
      if (!this.bar || this.barLabel !== label) {
        this.endProgress();
        this.barLabel = label;
        this.bar = new cliProgress.SingleBar(
          { stream: this.stream, format: `${label} |{bar}| {percentage}% | {detail} | ETA {eta_formatted}`, hideCursor: true, etaBuffer: 100 },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(total, done, { detail });
      }
      this.bar.setTotal(total);
      this.bar.update(done, { detail });
    } else {
      const now = Date.now();
      if (now - this.lastLine >= this.logEveryMs || done >= total) {
        this.lastLine = now;
        this.stream.write(`oinfo: ${label} ${((100 * done) / Math.max(total, 1)).toFixed(0)}% (${done}/${total})${detail ? ` ${detail}` : ''}\n`);
      }
    }
  }

  endProgress(): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = undefined;
    }
  }
}

/** Says nothing (tests, library use). */
export const silentReporter: Reporter = { info() {}, progress() {}, endProgress() {} };
