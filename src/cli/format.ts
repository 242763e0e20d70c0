/**
 * --format json|ndjson|csv|table and where the text goes: chooses the format (from --format, the
 * --out extension, or whether stdout is a terminal) and renders a Report with the one writer of it.
 */
import { extname } from 'node:path';

import { Option } from 'commander';

import { OinfoInputError } from '../errors.js';
import type { InputReport } from './formats/many.js';
import type { Report } from './formats/report.js';
import { oneOf } from './flags.js';
import { emitText } from './output.js';
import { checkOutputTarget } from './outputTarget.js';
import { STDIN } from '../io/readTable.js';

export const FORMATS = ['json', 'ndjson', 'csv', 'table'] as const;
export type Format = (typeof FORMATS)[number];

/** --out's extension → its format. A name without an extension (a device, a FIFO) gets JSON, as before. */
const EXTENSIONS: Record<string, Format> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.txt': 'table',
};

type Renderer = <Row>(report: Report<Row>) => string;

/** Each format's one writer, imported when a result is written in it (a module less to start with, each). */
const RENDER: Record<Format, () => Promise<Renderer>> = {
  json: async () => (await import('./formats/json.js')).renderJson,
  ndjson: async () => (await import('./formats/ndjson.js')).renderNdjson,
  csv: async () => (await import('./formats/csv.js')).renderCsv,
  table: async () => (await import('./formats/table.js')).renderTable,
};

export function formatOption(): Option {
  return new Option(
    '--format <format>',
    'json, ndjson, csv or table (default: table on a terminal, json otherwise; with --out FILE, from its extension)',
  ).argParser(oneOf<Format>(...FORMATS));
}

export function outOption(): Option {
  return new Option('--out <file>', 'write there (atomically) instead of stdout; "-" is stdout');
}

/** `--out -` is stdout: undefined. */
export function outFile(out: string | undefined): string | undefined {
  return out === '-' ? undefined : out;
}

/**
 * The format of a run: --format if given (an --out extension that says otherwise is an error); else
 * the extension of --out FILE (an unknown one is an error); else table when stdout is a terminal and
 * json when it is not. `out` is the file (undefined for stdout or `--out -`).
 */
export function chooseFormat(format: Format | undefined, out: string | undefined, stdoutIsTTY: boolean): Format {
  const ext = out === undefined ? '' : extname(out).toLowerCase();
  const implied: Format | undefined = EXTENSIONS[ext];
  const known = Object.keys(EXTENSIONS).join(', ');
  if (format !== undefined) {
    if (implied !== undefined && implied !== format)
      throw new OinfoInputError(
        `--out "${out}" has a ${implied} extension (${ext}) but --format is ${format}: change the extension or drop --format`,
      );
    return format;
  }
  if (out !== undefined) {
    if (implied !== undefined) return implied;
    if (ext === '') return 'json';
    throw new OinfoInputError(
      `cannot tell the format of --out "${out}" from its extension "${ext}": use ${known}, or give --format ${FORMATS.join('|')}`,
    );
  }
  return stdoutIsTTY ? 'table' : 'json';
}

export async function render<Row>(report: Report<Row>, format: Format): Promise<string> {
  return (await RENDER[format]())(report);
}

/**
 * Settles where and how a command's result goes, before any work: checks --out (not one of the
 * inputs; `-` is stdout) and the format. Returns the function that writes the result.
 */
export function outputFor(
  opts: { out?: string; format?: Format },
  inputs: readonly string[],
): <Row>(report: Report<Row> | readonly InputReport[]) => Promise<void> {
  const out = outFile(opts.out);
  checkOutputTarget(out, inputs.filter((file) => file !== STDIN));
  const format = chooseFormat(opts.format, out, process.stdout.isTTY === true);
  // One input: its result as it always was; several: one result per input (formats/many.ts).
  return async (result) => {
    if (!Array.isArray(result)) return emitText(await render(result as Report<unknown>, format), out);
    if (result.length === 1) return emitText(await render(result[0].report, format), out);
    const { renderMany } = await import('./formats/many.js');
    return emitText(renderMany(result, format), out);
  };
}
