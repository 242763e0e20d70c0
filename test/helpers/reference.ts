import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** test/fixtures/reference: reference values from independent tools (gcmi, NumPy), copied into the repository. */
export const REFERENCE_DIR = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));

export function referencePath(name: string): string {
  const path = REFERENCE_DIR + name;
  if (!existsSync(path))
    throw new Error(`reference file ${path} is missing: the reference fixtures ship with the repository (git checkout test/fixtures)`);
  return path;
}

export function loadReference<T = any>(name: string): T {
  return JSON.parse(readFileSync(referencePath(name), 'utf8')) as T;
}

export const SYNTH_CSV = () => referencePath('synth.csv');

/** Reference results of oinfo.json / oinfo_label.json: results[variant][size][measure][i] for idx[size][i]. */
export interface OinfoReference {
  cov_copnorm: number[][];
  idx: Record<string, number[][]>;
  results: Record<string, Record<string, Record<'tc' | 'dtc' | 'o' | 's', number[]>>>;
  joint_entropy: Record<string, { H_nats: number[]; H_nats_bc: number[] }>;
  extrema: Record<string, Record<string, any>>;
}

export const VARIANTS = [
  { name: 'nats', units: 'nats', biasCorrect: false },
  { name: 'nats_bc', units: 'nats', biasCorrect: true },
  { name: 'bits', units: 'bits', biasCorrect: false },
  { name: 'bits_bc', units: 'bits', biasCorrect: true },
] as const;
