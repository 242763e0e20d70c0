/** Re-training: masks hold in training and evaluation, compact pruning equals masked pruning, selections. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { readIdxDataset } from '../src/data/datasets.js';
import { PAPER_ARCHITECTURE } from '../src/nn/architecture.js';
import { initialParams, type MlpParams } from '../src/nn/params.js';
import { loadTf } from '../src/nn/tf.js';
import { evaluateNetworks, trainSideBySide, type TrainingData } from '../src/nn/train.js';
import { settingsFrom } from '../src/pipeline/config.js';
import { compactSubNetwork, subNetwork } from '../src/pipeline/masks.js';
import { selectUnits, topByMi } from '../src/pipeline/selection.js';
import type { SeedAnalysis } from '../src/pipeline/runFiles.js';
import { findIdxFiles } from '../src/data/datasets.js';
import { writeTinyImageSet } from './helpers/tinyImages.js';
import { gaussian, rng } from './helpers/random.js';
import { encodeNpy } from '../src/io/npyWrite.js';
import { analyzeLayer } from '../src/pipeline/stageAnalyze.js';
import { gcmiMixtureCD } from '../src/mi/mixtureCd.js';
import { gcmiModelCD } from '../src/mi/modelCd.js';

let data: TrainingData;
let test: { images: Float32Array; labels: Uint8Array };
const arch = PAPER_ARCHITECTURE;
const selected = [
  [1, 4, 9],
  [0, 2, 5, 19],
  [3, 7],
];

beforeAll(() => {
  const dir = writeTinyImageSet(mkdtempSync(join(tmpdir(), 'oinfo-retrain-')), 400, 100, 9);
  const set = readIdxDataset(findIdxFiles(dir), { name: 'tiny', source: dir });
  data = { images: set.train.images, labels: set.train.labels, n: set.train.n, features: set.train.features };
  test = { images: set.test.images, labels: set.test.labels };
});

/** A "trained" θ unlike θ₀ (another seed's draw), enough to tell the two apart. */
const fakeTheta = (): MlpParams => initialParams(arch, 99);

describe('sub-network masks', () => {
  it('prune: unselected units have zero weights that never train, so their outputs are exactly 0', async () => {
    const { tf } = await loadTf();
    const { params, mask } = subNetwork(initialParams(arch, 1), fakeTheta(), selected, 'prune');
    const [trained] = await trainSideBySide(tf, data, [params], { arch, epochs: 2, dataSeed: 3, masks: [mask] });
    const { activations } = await evaluateNetworks(tf, arch, [trained], test.images, test.labels, true);
    selected.forEach((keep, l) => {
      const pre = activations![0][l];
      for (let j = 0; j < 20; j++) {
        const column = Array.from({ length: 100 }, (_, i) => pre[i * 20 + j]);
        if (keep.includes(j)) expect(column.some((v) => v !== 0)).toBe(true);
        else expect(column.every((v) => v === 0)).toBe(true);
      }
    });
    // Selected units did train.
    expect(trained[0].w).not.toEqual(params[0].w);
  });

  it.each(['freeze-init', 'freeze-trained'] as const)('%s: unselected units keep their weights bit for bit; selected ones train', async (mode) => {
    const { tf } = await loadTf();
    const theta0 = initialParams(arch, 2);
    const theta = fakeTheta();
    const { params, mask } = subNetwork(theta0, theta, selected, mode);
    const [trained] = await trainSideBySide(tf, data, [params], { arch, epochs: 1, dataSeed: 3, masks: [mask] });
    let selectedChanged = 0;
    selected.forEach((keep, l) => {
      const source = mode === 'freeze-init' ? theta0[l] : theta[l];
      const { fanIn, fanOut } = theta0[l];
      for (let j = 0; j < fanOut; j++) {
        const col = (p: Float32Array) => Array.from({ length: fanIn }, (_, i) => p[i * fanOut + j]);
        if (keep.includes(j)) {
          expect(col(params[l].w)).toEqual(col(theta0[l].w)); // rewound to θ₀
          if (col(trained[l].w).some((v, i) => v !== col(theta0[l].w)[i])) selectedChanged++; // (a dead ReLU unit cannot move)
        } else {
          expect(col(trained[l].w)).toEqual(col(source.w));
          expect(trained[l].b[j]).toBe(source.b[j]);
        }
      }
    });
    expect(selectedChanged).toBeGreaterThan(0);
  });

  it('the compact k-wide network equals the masked 20-wide pruned one', async () => {
    const { tf } = await loadTf();
    const theta0 = initialParams(arch, 4);
    const masked = subNetwork(theta0, fakeTheta(), selected.map((s) => s.slice(0, 2)), 'prune');
    const compact = compactSubNetwork(theta0, selected.map((s) => s.slice(0, 2)));
    const [a] = await trainSideBySide(tf, data, [masked.params], { arch, epochs: 2, dataSeed: 5, masks: [masked.mask] });
    const compactArch = { ...arch, widths: [784, 2, 2, 2, 10] };
    const [b] = await trainSideBySide(tf, data, [compact], { arch: compactArch, epochs: 2, dataSeed: 5 });
    const accA = (await evaluateNetworks(tf, arch, [a], test.images, test.labels, false)).accuracy[0];
    const accB = (await evaluateNetworks(tf, compactArch, [b], test.images, test.labels, false)).accuracy[0];
    expect(accB).toBeCloseTo(accA, 6);
    // The kept weights followed the same path.
    const kept = selected[0].slice(0, 2);
    for (let i = 0; i < 784; i += 97) kept.forEach((j, c) => expect(b[0].w[i * 2 + c]).toBeCloseTo(a[0].w[i * 20 + j], 5));
  });
});

describe('selection', () => {
  const config = { ...settingsFrom({ seeds: 1 }), retrainSizes: [2, 3] };
  const best = (vars: string[], oinfo: number) => ({ oinfo, vars });
  // A synthetic layer analysis: the best multiplets are known.
  const layer = (syn2: string[], red2: string[], syn3: string[], red3: string[]) => ({
    sizes: [
      { size: 2, synergy: best(syn2, -1), redundancy: best(red2, 1), greedy: { synergy: best(syn2, -1), redundancy: best(red2, 1) } },
      { size: 3, synergy: best(syn3, -2), redundancy: best(red3, 2), greedy: { synergy: best(syn3, -2), redundancy: best(red3, 2) } },
    ],
    evaluated: 0,
    seconds: 0,
  });
  const analysis: SeedAnalysis = {
    fc1: layer(['n3', 'n17'], ['n0', 'n1'], ['n2', 'n3', 'n17'], ['n0', 'n1', 'n5']),
    fc2: layer(['n19', 'n4'], ['n6', 'n7'], ['n4', 'n8', 'n19'], ['n6', 'n7', 'n9']),
    fc3: layer(['n10', 'n11'], ['n12', 'n13'], ['n10', 'n11', 'n14'], ['n12', 'n13', 'n15']),
  };
  const mi = Object.fromEntries(
    ['fc1', 'fc2', 'fc3'].map((name, l) => [name, { model: Array.from({ length: 20 }, (_, j) => ((j * 7 + l) % 20) / 10), mixture: Array.from({ length: 20 }, (_, j) => j / 10) }]),
  );

  it('synergy and redundancy take each layer’s best multiplet; MI methods the top-k; random is seeded', () => {
    const s = selectUnits(config, 1, analysis, mi);
    expect(s.synergy[2]).toEqual([[3, 17], [4, 19], [10, 11]]);
    expect(s.redundancy[3]).toEqual([[0, 1, 5], [6, 7, 9], [12, 13, 15]]);
    expect(s['gcmi-mixture'][2]).toEqual([[18, 19], [18, 19], [18, 19]]);
    expect(s['gcmi-model'][3][0]).toEqual(topByMi(mi.fc1.model, 3));
    expect(s.random[3]).toEqual(selectUnits(config, 1, analysis, mi).random[3]);
    expect(s.random[3]).not.toEqual(selectUnits(config, 2, analysis, mi).random[3]);
    for (const units of s.random[3]) expect(new Set(units).size).toBe(3);
  });

  it('on a synthetic layer whose best multiplet is known, the analysis and every method pick it', async () => {
    // y is a 10-class label of n3 + n7: {n3, n7, y} is the most synergistic triplet; the rest is noise.
    const n = 3000;
    const g = gaussian(rng(17));
    const units = Array.from({ length: 20 }, () => Float32Array.from({ length: n }, g));
    const latent = Array.from({ length: n }, (_, i) => units[3][i] + units[7][i] + 0.3 * g());
    const cuts = [...latent].sort((a, b) => a - b).filter((_, i) => i > 0 && i % (n / 10) === 0);
    const labels = Uint8Array.from(latent, (v) => cuts.filter((c) => v >= c).length);
    const flat = new Float32Array(n * 20);
    for (let i = 0; i < n; i++) for (let j = 0; j < 20; j++) flat[i * 20 + j] = units[j][i];
    const path = join(mkdtempSync(join(tmpdir(), 'oinfo-layer-')), 'fc1.npy');
    writeFileSync(path, encodeNpy(flat, n, 20));
    const cfg = { ...settingsFrom({ seeds: 1, maxSize: 4 }), retrainSizes: [2] };
    const layerAnalysis = await analyzeLayer(path, labels, cfg);
    expect(layerAnalysis.sizes[0].synergy.vars).toEqual(['n3', 'n7']);
    const table = { model: units.map((x) => gcmiModelCD(x, labels, 10)), mixture: units.map((x) => gcmiMixtureCD(x, labels, 10)) };
    const layers = { fc1: layerAnalysis, fc2: layerAnalysis, fc3: layerAnalysis };
    const s = selectUnits(cfg, 1, layers, { fc1: table, fc2: table, fc3: table });
    expect(s.synergy[2][0]).toEqual([3, 7]);
    expect(s['gcmi-model'][2][0]).toEqual([3, 7]);
    expect(s['gcmi-mixture'][2][0]).toEqual([3, 7]);
  });

  it('topByMi breaks ties by the lower index', () => {
    expect(topByMi([0.5, 0.9, 0.9, 0.1], 2)).toEqual([1, 2]);
    expect(topByMi([1, 1, 1], 2)).toEqual([0, 1]);
  });
});
