import type { Cell, Report } from './report.js';

/** Joins a list of column names inside one CSV field. */
export const CSV_LIST_SEPARATOR = ';';

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell); // shortest text that reads back to the same double
  if (typeof cell === 'string') return cell;
  return cell.join(CSV_LIST_SEPARATOR);
}

/** RFC 4180: a header row of column keys, then one row per report row, CRLF line ends. */
export function renderCsv<Row>(report: Report<Row>): string {
  const lines = [report.columns.map((c) => csvField(c.key))];
  for (const row of report.rows) lines.push(report.columns.map((c) => csvField(cellText(c.get(row)))));
  return lines.map((fields) => fields.join(',') + '\r\n').join('');
}
