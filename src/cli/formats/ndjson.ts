import type { Report } from './report.js';

/** A first line with the run's metadata, then one JSON object per row (multiplet, variable, …). */
export function renderNdjson<Row>(report: Report<Row>): string {
  const record = report.record ?? ((row: Row) => row);
  return [report.meta, ...report.rows.map(record)].map((o) => JSON.stringify(o) + '\n').join('');
}
