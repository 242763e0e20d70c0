import type { Cell, Column, Report } from './report.js';

/** Decimals of real numbers in a table. */
export const TABLE_DIGITS = 4;

function cellText(cell: Cell, kind: Column<unknown>['kind']): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') {
    if (kind !== 'real' || !Number.isFinite(cell)) return String(cell);
    const text = cell.toFixed(TABLE_DIGITS);
    return /^-0\.0*$/.test(text) ? text.slice(1) : text; // no "-0.0000"
  }
  if (typeof cell === 'string') return cell;
  return cell.join(' ');
}

/** Aligned plain text for a person: a caption line, a header with units, numbers right-aligned. No colours. */
export function renderTable<Row>(report: Report<Row>): string {
  const columns = report.columns.filter((c) => !c.csvOnly);
  const body = report.rows.map((row) => columns.map((c) => cellText(c.get(row), c.kind)));
  const header = columns.map((c) => c.title);
  const widths = columns.map((_, j) => Math.max(header[j].length, ...body.map((cells) => cells[j].length)));
  const line = (cells: string[]) =>
    cells
      .map((text, j) => {
        if (j === cells.length - 1 && columns[j].kind === 'text') return text; // no trailing blanks
        return columns[j].kind === 'text' ? text.padEnd(widths[j]) : text.padStart(widths[j]);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [report.caption, '', line(header), rule, ...body.map(line)].map((l) => l + '\n').join('');
}
