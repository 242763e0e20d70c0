import type { Report } from './report.js';

/** Today's one-line JSON (SPEC §4), with `oinfo_version`. */
export function renderJson<Row>(report: Report<Row>): string {
  return JSON.stringify(report.json) + '\n';
}
