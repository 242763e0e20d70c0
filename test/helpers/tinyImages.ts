import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { writeIdx } from '../../src/data/idx.js';
import { rng } from './random.js';

/**
 * A tiny learnable image set in IDX files (MNIST layout, 28 × 28, 10 classes): each class is a fixed
 * random template of bright pixels plus noise. Written to `dir`; returns it.
 */
export function writeTinyImageSet(dir: string, nTrain = 1500, nTest = 200, seed = 5): string {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const templates = Array.from({ length: 10 }, () => Array.from({ length: 784 }, () => (random() < 0.15 ? 1 : 0)));
  const split = (n: number) => {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % 10;
      labels[i] = c;
      for (let j = 0; j < 784; j++) images[i * 784 + j] = Math.min(255, Math.round(200 * templates[c][j] * random() + 60 * random()));
    }
    return { images, labels };
  };
  for (const [prefix, n] of [
    ['train', nTrain],
    ['t10k', nTest],
  ] as const) {
    const { images, labels } = split(n);
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte.gz`), writeIdx([n, 28, 28], 'uint8', images, { gzip: true }));
    writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), writeIdx([n], 'uint8', labels));
  }
  return dir;
}
