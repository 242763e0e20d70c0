/** What every benchmark suite gets and gives back. */
import type { AvailableBackend } from './backends.js';
import type { SuiteOutput } from './report.js';

export interface SuiteContext {
  /** The backends that loaded (see backends.ts). */
  backends: AvailableBackend[];
  /** Small caps for a smoke test; the numbers are not representative. */
  quick: boolean;
  /** Where benny.save writes `<suite>.json`. */
  resultsDir: string;
  /** The package root (for dist/bin/oinfo.js). */
  root: string;
  /** A progress line on stderr. */
  log: (line: string) => void;
  /** Settings worth recording in summary.json (caps, sizes…), by suite. */
  settings: Record<string, unknown>;
}

export interface Suite {
  name: string;
  description: string;
  run(context: SuiteContext): Promise<SuiteOutput>;
}
