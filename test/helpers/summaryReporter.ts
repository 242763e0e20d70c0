import type { Reporter } from 'vitest/reporters';
import type { RunnerTestFile, RunnerTask } from 'vitest';

/** Ends the run with the plain line CI reads: `Tests: N passed, N failed[, N skipped]`. */
export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (task: RunnerTask) => {
      if (task.type === 'suite') {
        task.tasks.forEach(visit);
        if (task.result?.state === 'fail' && task.tasks.length === 0) failed++;
        return;
      }
      const state = task.result?.state;
      if (state === 'pass') passed++;
      else if (state === 'fail') failed++;
      else skipped++;
    };
    for (const file of files) {
      if (file.result?.state === 'fail' && file.tasks.length === 0) failed++; // a file that failed to load
      file.tasks.forEach(visit);
    }
    failed += errors.length;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
