import cliProgress from 'cli-progress';

import { formatCount } from '../util/format.js';

/**
 * Progress of a long search on stderr: a bar on a terminal, a line every few seconds in a log.
 * Nothing is shown for searches that end within the first second.
 */
export class SearchProgress {
  private readonly started = Date.now();
  private bar?: cliProgress.SingleBar;
  private lastLine = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly delayMs = 1000,
    private readonly logEveryMs = 5000,
  ) {}

  update = (done: number, total: number): void => {
    const now = Date.now();
    if (now - this.started < this.delayMs) return;
    if (this.stream.isTTY) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format: 'oinfo search |{bar}| {percentage}% | {doneText} / {totalText} multiplets | ETA {eta_formatted}',
            hideCursor: true,
            clearOnComplete: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(total, done, { doneText: formatCount(done), totalText: formatCount(total) });
      }
      this.bar.setTotal(total);
      this.bar.update(done, { doneText: formatCount(done), totalText: formatCount(total) });
    } else if (now - this.lastLine >= this.logEveryMs) {
      this.lastLine = now;
      const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100';
      this.stream.write(`oinfo: search ${pct}% (${formatCount(done)} / ${formatCount(total)} multiplets)\n`);
    }
  };

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
