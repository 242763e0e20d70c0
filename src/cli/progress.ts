import { createRequire } from 'node:module';

import type cliProgress from 'cli-progress';
import { formatCount } from '../util/format.js';

// cli-progress is loaded for the first bar on a terminal, not with every command (~10 ms of start-up).
let bars: typeof cliProgress | undefined;
const cliProgressModule = (): typeof cliProgress => (bars ??= createRequire(import.meta.url)('cli-progress') as typeof cliProgress);

export interface ProgressDisplayOptions {
  /** Nothing is shown before this long after construction (short tasks stay quiet). */
  delayMs?: number;
  /** In a log, at most one line per this interval… */
  logEveryMs: number;
  /** …plus one when the task is done. */
  logWhenDone?: boolean;
  /** Updates the bar's ETA averages over. */
  etaBuffer: number;
  /** Erase the bar when it stops (instead of leaving it on screen). */
  clearOnComplete?: boolean;
}

/** What one update shows: the bar's cli-progress format and its tokens, or a line for a log. */
export interface ProgressView {
  format: string;
  payload?: Record<string, string>;
  line: () => string;
}

/**
 * Progress on a stream: a cli-progress bar on a terminal, a line now and then in a log (where a bar
 * would be thousands of carriage returns). A view with a new format starts a new bar. Views are built
 * only when something is shown: formatting numbers for the first time costs ~20 ms (ICU), taken from
 * the search threads when it happens during a search.
 */
export class ProgressDisplay {
  private readonly started = Date.now();
  private bar?: cliProgress.SingleBar;
  private barFormat = '';
  private lastLine = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly options: ProgressDisplayOptions,
  ) {}

  update(done: number, total: number, makeView: () => ProgressView): void {
    const now = Date.now();
    if (now - this.started < (this.options.delayMs ?? 0)) return;
    if (this.stream.isTTY) {
      const view = makeView();
      if (!this.bar || this.barFormat !== view.format) {
        this.stop();
        this.barFormat = view.format;
        const cliProgress = cliProgressModule();
        this.bar = new cliProgress.SingleBar(
          {
            stream: this.stream,
            format: view.format,
            hideCursor: true,
            clearOnComplete: this.options.clearOnComplete ?? false,
            etaBuffer: this.options.etaBuffer,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(total, done, view.payload);
      }
      this.bar.setTotal(total);
      this.bar.update(done, view.payload);
    } else if (now - this.lastLine >= this.options.logEveryMs || (this.options.logWhenDone && done >= total)) {
      this.lastLine = now;
      this.stream.write(`${makeView().line()}\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

const SEARCH_FORMAT = 'oinfo search |{bar}| {percentage}% | {doneText} / {totalText} multiplets | ETA {eta_formatted}';

/**
 * Progress of a long search on stderr: a bar on a terminal, a line every few seconds in a log.
 * Nothing is shown for searches that end within the first second.
 */
export class SearchProgress {
  private readonly display: ProgressDisplay;

  constructor(stream: NodeJS.WriteStream = process.stderr, delayMs = 1000, logEveryMs = 5000) {
    this.display = new ProgressDisplay(stream, { delayMs, logEveryMs, etaBuffer: 50, clearOnComplete: true });
  }

  update = (done: number, total: number): void => {
    this.display.update(done, total, () => {
      const doneText = formatCount(done);
      const totalText = formatCount(total);
      return {
        format: SEARCH_FORMAT,
        payload: { doneText, totalText },
        line: () => `oinfo: search ${total > 0 ? ((100 * done) / total).toFixed(1) : '100'}% (${doneText} / ${totalText} multiplets)`,
      };
    });
  };

  stop(): void {
    this.display.stop();
  }
}
