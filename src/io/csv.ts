/**
 * CSV input: a header row of column names, then one row per sample, every cell a decimal number.
 * Tokenising is done by PapaParse (quotes, CRLF, embedded delimiters; chosen over csv-parse for speed:
 * ~5× faster on a 20 MB file); blank lines, trimming and numbers are handled here.
 */
import { createRequire } from 'node:module';

import type Papa from 'papaparse';
import { OinfoInputError } from '../errors.js';
import { normalizeName } from './columns.js';
import type { Table } from './table.js';

// PapaParse is loaded on the first parse, not with `import 'oinfo'` (it is a sixth of the import time;
// and `import` of a CommonJS file this size makes Node scan it for its exports).
let papa: typeof Papa | undefined;
export const papaparse = (): typeof Papa => (papa ??= createRequire(import.meta.url)('papaparse') as typeof Papa);

/** The CSV dialect of data files, and of --vars lists (read like a header row). */
export const CSV_DIALECT = { delimiter: ',', quoteChar: '"' } as const;

/** Plain decimal floating-point: optional sign, digits with optional point, optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** NaN / Inf spellings, parsed so that validateTable can name them precisely. */
const SPECIAL = /^([+-]?)(?:(nan)|inf|infinity)$/i;

/** Converts one trimmed cell; returns undefined if it is not a number. */
function toNumber(s: string): number | undefined {
  if (DECIMAL.test(s)) return Number(s);
  const m = SPECIAL.exec(s);
  if (m !== null) {
    if (m[2] !== undefined) return NaN;
    return m[1] === '-' ? -Infinity : Infinity;
  }
  return undefined;
}

/** '0x1f', '0b1', '0o7' (and with surrounding blanks): literals Number() reads but CSV data never means. */
function hasRadixPrefix(s: string): boolean {
  const t = s.charCodeAt(0) === 48 ? s : s.trimStart();
  if (t.length < 2 || t.charCodeAt(0) !== 48) return false;
  const c = t.charCodeAt(1) | 32;
  return c === 120 || c === 98 || c === 111;
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function showCell(s: string): string {
  const shown = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  return JSON.stringify(shown);
}

/**
 * Parses CSV text (header row required, every data cell numeric) into a Table. `source` (usually
 * the file path) is named in every error. Handles CRLF, a UTF-8 BOM, quoted fields, whitespace
 * around cells and blank lines; header names are trimmed and NFC-normalised. NaN/nan/Inf/-inf/Infinity cells become NaN/±Infinity, which
 * validateTable then rejects with the column name; hex, empty and other non-decimal cells are
 * rejected here.
 */
export function parseCsv(text: string, source: string): Table {
  const where = `"${source}"`;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const parsed = papaparse().parse<string[]>(text, { ...CSV_DIALECT, skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new OinfoInputError(`${where}: invalid CSV: ${oneLine(quoteError.message)} (row ${(quoteError.row ?? 0) + 1})`);
  }
  // Blank (or whitespace-only) lines are skipped; a record's line number is its index + 1 when no
  // quoted field spans lines, which is what numeric data looks like.
  const records: string[][] = [];
  const lineOf: number[] = [];
  parsed.data.forEach((row, index) => {
    if (row.length === 1 && row[0].trim() === '') return;
    records.push(row);
    lineOf.push(index + 1);
  });
  if (records.length === 0) {
    throw new OinfoInputError(`${where} is empty`);
  }
  const expected = records[0].length;
  for (let r = 1; r < records.length; r++) {
    const got = records[r].length;
    if (got !== expected)
      throw new OinfoInputError(
        `${where}: line ${lineOf[r]} has ${got} field${got === 1 ? '' : 's'}, expected ${expected} (one per header column)`,
      );
  }
  const names = headerNames(records[0], where);
  const p = names.length;
  const n = records.length - 1;
  if (n === 0) {
    throw new OinfoInputError(`${where} has a header row but no data rows`);
  }

  const columns: Float64Array[] = new Array(p);
  for (let j = 0; j < p; j++) columns[j] = new Float64Array(n);

  for (let i = 0; i < n; i++) {
    const rec = records[i + 1];
    for (let j = 0; j < p; j++) {
      const v = cellValue(rec[j]);
      if (v === undefined) throw cellError(where, rec[j], names, j, i, p);
      columns[j][i] = v;
    }
  }
  return { names, nSamples: n, columns };
}

/**
 * The column names of a header row's cells (as tokenised), trimmed and NFC-normalised, or the
 * OinfoInputError of the first problem: an empty header row, an empty or duplicate name, or a row of
 * numbers (a forgotten header). `where` is the quoted source. Both readers use it (see csvFast.ts).
 */
export function headerNames(cells: readonly string[], where: string): string[] {
  // Only header names are normalised (NFC), before the duplicate check; cells are numbers anyway.
  const names = cells.map((name) => normalizeName(name.trim()));
  const p = names.length;
  if (p === 1 && names[0] === '') {
    // A whitespace-only first line.
    throw new OinfoInputError(`${where}: the header row (line 1) is empty`);
  }
  const firstIndex = new Map<string, number>();
  for (let j = 0; j < p; j++) {
    const name = names[j];
    if (name === '') {
      throw new OinfoInputError(`${where}: column ${j + 1} of the header row has an empty name`);
    }
    const prev = firstIndex.get(name);
    if (prev !== undefined) {
      throw new OinfoInputError(
        `${where}: duplicate column name "${name}" (columns ${prev + 1} and ${j + 1})`,
      );
    }
    firstIndex.set(name, j);
  }
  if (looksLikeData(names)) {
    throw new OinfoInputError(
      `${where}: the first row (${oneLine(names.slice(0, 3).join(','))}${p > 3 ? ',…' : ''}) looks like data; a header row with column names is required`,
    );
  }
  return names;
}

/** A data cell's number, or undefined when it is not one. NaN/Inf spellings give NaN/±Infinity. */
function cellValue(s: string): number | undefined {
  // Fast path for the common case, a plain non-zero decimal: unary + without a regex. What + also
  // accepts but we must not — '' and blanks (→ 0), 0x/0b/0o literals — goes the strict way.
  const fast = +s;
  if (fast === fast && fast !== 0 && !hasRadixPrefix(s)) return fast;
  if (DECIMAL.test(s)) return Number(s);
  const v = toNumber(s);
  return v === undefined && s !== '' ? toNumber(s.trim()) : v; // whitespace inside quotes
}


function cellError(
  where: string,
  s: string,
  names: string[],
  j: number,
  i: number,
  p: number,
): OinfoInputError {
  const loc = `in column "${names[j]}" at row ${i + 1}`;
  if (s.trim() === '') {
    return new OinfoInputError(`${where}: empty value ${loc}`);
  }
  const hint =
    p === 1 && /[;\t]/.test(s) ? ' (the file has a single column: is it comma-separated?)' : '';
  return new OinfoInputError(`${where}: non-numeric value ${showCell(s)} ${loc}${hint}`);
}

/**
 * True if every header cell is a number and at least one is not a plain non-negative integer: the
 * header row was probably forgotten. (Integer names "0,1,2" are what pandas writes for unnamed
 * columns, so those are accepted as names.)
 */
function looksLikeData(names: string[]): boolean {
  let allIntegers = true;
  for (const name of names) {
    if (toNumber(name) === undefined) return false;
    if (!/^\d+$/.test(name)) allIntegers = false;
  }
  return !allIntegers;
}
