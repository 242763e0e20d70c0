import { join } from 'node:path';

/** Where each artefact of a run lives (SPEC §6). */
export const runPaths = (dir: string) => ({
  config: join(dir, 'config.json'),
  timings: join(dir, 'timings.json'),
  seedDir: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`),
  theta0: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'theta0.safetensors'),
  theta: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'theta.safetensors'),
  checkpoint: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'checkpoint.safetensors'),
  metrics: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'metrics.json'),
  activations: (seed: number, layer: string) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'activations', `${layer}.npy`),
  analysis: (seed: number) => join(dir, 'seeds', `seed-${String(seed).padStart(2, '0')}`, 'analysis.json'),
  layerwise: join(dir, 'results', 'layerwise.json'),
  mi: join(dir, 'results', 'mi.json'),
  retrain: join(dir, 'results', 'retrain.csv'),
  report: join(dir, 'report.html'),
});

/** Neuron names of a hidden layer of `width` units: n0, n1, … */
export const neuronNames = (width: number) => Array.from({ length: width }, (_, i) => `n${i}`);
