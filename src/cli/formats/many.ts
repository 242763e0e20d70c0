/**
 * Several inputs in one call (SPEC §9: one result per file), in any format: each result keeps its
 * own shape and gains `input` (the file it came from). json: an array of the results; ndjson: each
 * result's metadata line then its rows; csv: one header, an `input` column first; table: one table
 * per input, its caption led by the file. A single input keeps the one-result output of before.
 */
import { OinfoInputError } from '../../errors.js';
import { renderCsv } from './csv.js';
import { renderNdjson } from './ndjson.js';
import type { Report } from './report.js';
import { renderTable } from './table.js';

export interface InputReport {
  input: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each input's rows have their command's type
  report: Report<any>;
}

function withInput({ input, report }: InputReport): Report<unknown> {
  return {
    ...report,
    json: { input, ...report.json },
    meta: { input, ...report.meta },
    columns: [{ key: 'input', title: 'input', kind: 'text', get: () => input, csvOnly: true }, ...report.columns],
    caption: `${input}: ${report.caption}`,
  };
}

export function renderMany(parts: readonly InputReport[], format: 'json' | 'ndjson' | 'csv' | 'table'): string {
  const reports = parts.map(withInput);
  switch (format) {
    case 'json':
      return `${JSON.stringify(reports.map((r) => r.json))}\n`;
    case 'ndjson':
      return reports.map(renderNdjson).join('');
    case 'table':
      return reports.map(renderTable).join('\n');
    case 'csv': {
      const texts = reports.map(renderCsv);
      const header = (text: string) => text.slice(0, text.indexOf('\r\n') + 2);
      const different = texts.findIndex((text) => header(text) !== header(texts[0]));
      if (different > 0)
        throw new OinfoInputError(
          `the results of "${parts[0].input}" and "${parts[different].input}" have different columns, which one CSV cannot hold: use --format json or ndjson`,
        );
      return texts[0] + texts.slice(1).map((text) => text.slice(header(text).length)).join('');
    }
  }
}
