import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { OinfoInputError } from '../errors.js';

/** Where each artefact of a run lives (SPEC §6); runFiles.ts reads and writes them. */
export function runPaths(dir: string) {
  const seedDir = (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`);
  return {
    config: join(dir, 'config.json'),
    timings: join(dir, 'timings.json'),
    seedDir,
    theta0: (seed: number) => join(seedDir(seed), 'theta0.safetensors'),
    theta: (seed: number) => join(seedDir(seed), 'theta.safetensors'),
    checkpoint: (seed: number) => join(seedDir(seed), 'checkpoint.safetensors'),
    /** The loss/accuracy history up to the checkpoint's epoch. */
    checkpointHistory: (seed: number) => join(seedDir(seed), 'checkpoint.safetensors.json'),
    metrics: (seed: number) => join(seedDir(seed), 'metrics.json'),
    activations: (seed: number, layer: string) => join(seedDir(seed), 'activations', `${layer}.npy`),
    /** A seed's analysis with the label treated as `label` (the paper's continuous one: analysis.json). */
    analysis: (seed: number, label = 'continuous') => join(seedDir(seed), label === 'continuous' ? 'analysis.json' : `analysis-${label}.json`),
    /** A seed's analysis under random relabellings of the classes (continuous treatment). */
    relabelling: (seed: number) => join(seedDir(seed), 'relabelling.json'),
    /**
     * The re-training results of one size k, all seeds; kept apart per mode, epochs and the label
     * treatment of the selection (the paper's continuous one has no tag, as before labels had a choice).
     */
    retrainSize: (mode: string, epochs: number, k: number, label = 'continuous') =>
      join(dir, 'seeds', `retrain-${mode}-e${epochs}${label === 'continuous' ? '' : `-${label}`}-k${k}.json`),
    /** Figure 1's data with the label treated as `label`: layerwise.json (continuous, the paper's) or layerwise-discrete.json. */
    layerwiseOf: (label: string) => join(dir, 'results', label === 'continuous' ? 'layerwise.json' : `layerwise-${label}.json`),
    /** Where the retainSize files are, and their names: mode, epochs, the label tag (absent: continuous), k. */
    retrainSizeDir: join(dir, 'seeds'),
    retrainSizeName: /^retrain-(.+?)-e(\d+)(?:-([a-z]+))?-k(\d+)\.json$/,
    layerwise: join(dir, 'results', 'layerwise.json'),
    relabellingResults: join(dir, 'results', 'relabelling.json'),
    mi: join(dir, 'results', 'mi.json'),
    retrain: join(dir, 'results', 'retrain.csv'),
    /** Figure 2's statistics: paired comparisons per re-training setting (retrainStats.ts). */
    stats: join(dir, 'results', 'stats.json'),
    report: join(dir, 'report.html'),
  };
}

/** Neuron names of a hidden layer of `width` units: n0, n1, … */
export const neuronNames = (width: number) => Array.from({ length: width }, (_, i) => `n${i}`);

/** Refuses a run folder path that names a file, before any work is done. */
export function refuseFile(dir: string): void {
  let isFile = false;
  try {
    isFile = statSync(dir).isFile();
  } catch {
    // Absent (or below a file): makeRunDir says why it cannot be created.
  }
  if (isFile) throw new OinfoInputError(`--out "${dir}" is a file; give a directory for the run`);
}

/** Creates the run folder (and its parents); a path that cannot be one is the user's to fix. */
export function makeRunDir(dir: string): void {
  refuseFile(dir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new OinfoInputError(`cannot create the run folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give another --out`);
  }
}
