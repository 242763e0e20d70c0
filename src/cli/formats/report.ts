/**
 * A command's result as the output formats see it: the JSON of SPEC §4, the run's metadata, and a
 * list of rows (one per multiplet, per variable, or a single one) with the columns to show.
 * Each format (json, ndjson, csv, table) is written once against this shape, not per command.
 */

/** A cell: a number, a word, or a list of column names (joined by the format). */
export type Cell = number | string | readonly string[] | null | undefined;

export interface Column<Row> {
  /** CSV header and the key a reader looks for (snake_case). */
  key: string;
  /** Table header, for a person (e.g. "Ω (bits)"). */
  title: string;
  /** 'int' and 'real' are right-aligned; 'real' is printed with fixed precision in a table. */
  kind: 'int' | 'real' | 'text';
  get: (row: Row) => Cell;
  /** In CSV only: too much for a table a person reads (intervals of every measure, …). */
  csvOnly?: boolean;
}

export interface Report<Row = unknown> {
  /** The JSON of SPEC §4, with `oinfo_version`. */
  json: object;
  /** NDJSON's first line: the run's metadata (the JSON without its list of rows), with `oinfo_version`. */
  meta: object;
  /** NDJSON's objects, one per row. */
  rows: readonly Row[];
  /** NDJSON object of a row (default: the row itself). */
  record?: (row: Row) => unknown;
  /** CSV and table columns. */
  columns: readonly Column<Row>[];
  /** The table's first line, for a person (e.g. "2000 samples, bits, native backend"). */
  caption: string;
}
