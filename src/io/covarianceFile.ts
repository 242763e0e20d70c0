/**
 * A copula covariance as a file (`oinfo copula data.csv --out cov.json`), so that measures and
 * searches can start without the raw data (`--covariance cov.json`; SPEC §9 / issue 13):
 *
 *   { "oinfo_covariance": 1, "kind": "copula", "n_samples": N, "names": [...],
 *     "covariance": [[...], ...], "oinfo_version": "…" }
 *
 * `covariance` is the covariance (divisor N − 1) of the copula-normalised columns, one row per name,
 * as `prepare` computes it. Reading checks everything a hand-edited or foreign file could get wrong
 * (shape, finite values, symmetry, a positive diagonal, distinct names, N) and names the problem.
 */
import { OinfoInputError } from '../errors.js';
import { normalizeName } from './columns.js';
import { readJsonFile } from './jsonFile.js';
import { readNpy } from './npy.js';

export const COVARIANCE_FORMAT = 1;
/** The most variables a covariance file may hold (10 000² doubles are 800 MB of JSON already). */
export const MAX_COVARIANCE_DIM = 10_000;

export interface CovarianceInput {
  names: string[];
  nSamples: number;
  /** names.length², row-major. */
  cov: Float64Array;
}

/** The file's JSON object (without oinfo_version, which the writer adds). */
export interface CovarianceJson {
  oinfo_covariance: number;
  kind: 'copula';
  n_samples: number;
  names: string[];
  covariance: number[][];
}

export function covarianceJson(input: CovarianceInput): CovarianceJson {
  const p = input.names.length;
  const rows = Array.from({ length: p }, (_, i) => Array.from(input.cov.subarray(i * p, (i + 1) * p)));
  return { oinfo_covariance: COVARIANCE_FORMAT, kind: 'copula', n_samples: input.nSamples, names: input.names, covariance: rows };
}

/**
 * A covariance saved by NumPy (`np.save('cov.npy', C)`, a p × p float array) as a covariance file's
 * object: the names are v0, v1, … (as .npy data's) and N comes from the caller (`--n-samples`). Checked
 * like any covariance file (by checkCovariance, through fromCovariance).
 */
export function covarianceJsonFromNpy(file: string, nSamples: number | undefined): unknown {
  const table = readNpy(file);
  if (nSamples === undefined) throw new OinfoInputError(`"${file}": a .npy covariance does not say its N: give --n-samples N (the samples it was computed from)`);
  if (table.nSamples !== table.names.length)
    throw new OinfoInputError(`"${file}": a covariance must be square, got ${table.nSamples} × ${table.names.length}`);
  // Row i of the matrix is sample i of the table: column j holds C[·][j].
  const covariance = Array.from({ length: table.nSamples }, (_, i) => table.columns.map((column) => column[i]));
  return { oinfo_covariance: COVARIANCE_FORMAT, kind: 'copula', n_samples: nSamples, names: table.names, covariance };
}

/** Reads a covariance file's JSON (checked by checkCovariance, through fromCovariance); errors name the file. */
export function readCovarianceJson(file: string): unknown {
  return readJsonFile(file, `give a file written by \`oinfo copula DATA --out ${file}\``);
}

/** Checks a parsed covariance object (from a file, or handed to the API); `where` names it in errors. */
export function checkCovariance(value: unknown, where: string): CovarianceInput {
  const fail = (what: string): never => {
    throw new OinfoInputError(`${where}: ${what}`);
  };
  const o = value as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return fail('not a covariance file (expected a JSON object written by `oinfo copula`)');
  if (o.oinfo_covariance !== COVARIANCE_FORMAT)
    fail(`not a covariance file of this oinfo (oinfo_covariance is ${JSON.stringify(o.oinfo_covariance)}, expected ${COVARIANCE_FORMAT}): write it with \`oinfo copula\``);
  if (o.kind !== 'copula') fail(`kind is ${JSON.stringify(o.kind)}, expected "copula" (the covariance of copula-normalised columns)`);
  const nSamples = o.n_samples;
  if (typeof nSamples !== 'number' || !Number.isSafeInteger(nSamples) || nSamples < 2) fail(`n_samples must be an integer ≥ 2, got ${JSON.stringify(nSamples)}`);
  if (!Array.isArray(o.names) || o.names.length === 0) fail('names must be a non-empty array of column names');
  const names = (o.names as unknown[]).map((name, j) => {
    if (typeof name !== 'string' || name.trim() === '') fail(`names[${j}] is not a column name`);
    return normalizeName(name as string);
  });
  const p = names.length;
  if (p > MAX_COVARIANCE_DIM) fail(`${p} variables, more than the ${MAX_COVARIANCE_DIM} a covariance file may hold`);
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    const previous = seen.get(name);
    if (previous !== undefined) fail(`duplicate name "${name}" (names[${previous}] and names[${j}])`);
    seen.set(name, j);
  });
  const rows = o.covariance;
  if (!Array.isArray(rows) || rows.length !== p) fail(`covariance must have one row per name (${p}), got ${Array.isArray(rows) ? rows.length : typeof rows}`);
  const cov = new Float64Array(p * p);
  (rows as unknown[]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== p) fail(`covariance row ${i} ("${names[i]}") must hold ${p} numbers`);
    (row as unknown[]).forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`covariance[${i}][${j}] is ${JSON.stringify(v)}, not a finite number`);
      cov[i * p + j] = v as number;
    });
  });
  for (let i = 0; i < p; i++) {
    if (!(cov[i * p + i] > 0)) fail(`the variance of "${names[i]}" (covariance[${i}][${i}]) is ${cov[i * p + i]}, not positive`);
    for (let j = 0; j < i; j++) {
      const a = cov[i * p + j], b = cov[j * p + i];
      if (Math.abs(a - b) > 1e-12 * Math.sqrt(cov[i * p + i] * cov[j * p + j]))
        fail(`the covariance is not symmetric: [${i}][${j}] = ${a} but [${j}][${i}] = ${b}`);
    }
  }
  return { names, nSamples: nSamples as number, cov };
}
