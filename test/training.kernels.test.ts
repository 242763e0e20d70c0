/**
 * The fused training kernels (src/nn/kernels, native/nn) against TF.js's own ops: the same function,
 * gradients and SGD path to float tolerance, with and without masks, on the wasm and cpu backends.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import type { Architecture } from '../src/nn/architecture.js';
import { PAPER_ARCHITECTURE } from '../src/nn/architecture.js';
import { planKernels } from '../src/nn/kernels/index.js';
import { trainParallel } from '../src/nn/parallelTrain.js';
import { initialParams, type MlpParams } from '../src/nn/params.js';
import { loadTf, type Tf } from '../src/nn/tf.js';
import { evaluateNetworks, trainSideBySide, type TrainingData } from '../src/nn/train.js';
import { type TrainMask, WideMlp } from '../src/nn/wideMlp.js';
import { subNetwork } from '../src/pipeline/masks.js';
import { rng } from './helpers/random.js';

let tf: Tf;
beforeAll(async () => {
  tf = (await loadTf()).tf;
});

/** Image-like data: values in [0, 1] with about half the pixels exactly 0 (the kernels skip zeros). */
function images(n: number, features: number, classes: number, seed: number): TrainingData {
  const random = rng(seed);
  const x = Float32Array.from({ length: n * features }, () => (random() < 0.5 ? 0 : random()));
  const labels = Uint8Array.from({ length: n }, () => Math.floor(random() * classes));
  // Make the label learnable: class c brightens pixels c, c + classes, …
  for (let i = 0; i < n; i++) for (let f = labels[i]; f < features; f += classes) x[i * features + f] = 1;
  return { images: x, labels, n, features };
}

function maxRelativeGap(a: MlpParams[], b: MlpParams[]): number {
  let worst = 0;
  a.forEach((net, k) =>
    net.forEach((layer, l) => {
      for (const key of ['w', 'b'] as const) {
        const x = layer[key];
        const y = b[k][l][key];
        for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-3, Math.abs(y[i])));
      }
    }),
  );
  return worst;
}

async function oneStep(kernels: 'native' | 'wasm' | 'tfjs', arch: Architecture, params: MlpParams[], data: TrainingData, masks?: TrainMask[]) {
  const model = new WideMlp(tf, arch, params, masks, kernels);
  const y = Int32Array.from(data.labels.subarray(0, arch.batchSize));
  const stats = model.step({ x: data.images.subarray(0, arch.batchSize * data.features), y, size: arch.batchSize });
  const out = { loss: Array.from(await stats.lossSum.data()), correct: Array.from(await stats.correct.data()), params: await model.params() };
  stats.lossSum.dispose();
  stats.correct.dispose();
  model.dispose();
  return out;
}

describe('the oinfo training kernels compute what TF.js computes', () => {
  it('are chosen here (the addon is built and the backend is wasm), and TF.js’s own when asked', () => {
    expect(planKernels(tf)).toEqual({ kernels: 'native', reason: 'native float32 kernels' });
    expect(planKernels(tf, 'wasm')).toEqual({ kernels: 'wasm', reason: 'wasm float32 kernels' });
    expect(planKernels(tf, 'tfjs').kernels).toBe('tfjs');
  });

  it('one SGD step of 5 paper networks: the same losses, correct counts and updated weights', async () => {
    const data = images(64, 784, 10, 1);
    const params = Array.from({ length: 5 }, (_, i) => initialParams(PAPER_ARCHITECTURE, i + 1));
    const theirs = await oneStep('tfjs', PAPER_ARCHITECTURE, params, data);
    for (const engine of ['native', 'wasm'] as const) {
      const ours = await oneStep(engine, PAPER_ARCHITECTURE, params, data);
      ours.loss.forEach((l, i) => expect(l).toBeCloseTo(theirs.loss[i], 3));
      expect(ours.correct).toEqual(theirs.correct);
      expect(maxRelativeGap(ours.params, theirs.params)).toBeLessThan(1e-4);
      // The step moved the weights: a comparison of unchanged weights would prove nothing.
      expect(maxRelativeGap(ours.params, params)).toBeGreaterThan(1e-3);
    }
  });

  it('a masked (frozen) re-training of a small network follows the same SGD path for an epoch, and masked weights never move', async () => {
    const arch: Architecture = { widths: [30, 6, 5, 4, 3], learningRate: 0.05, batchSize: 8 };
    const data = images(400, 30, 3, 2);
    const initial = Array.from({ length: 3 }, (_, i) => initialParams(arch, 10 + i));
    const masks: TrainMask[] = initial.map((net, k) =>
      net.map((layer) => ({ w: Float32Array.from(layer.w, (_, i) => ((i + k) % 3 === 0 ? 0 : 1)), b: Float32Array.from(layer.b, (_, i) => (i % 2 === 0 ? 1 : 0)) })),
    );
    const run = (kernels: 'native' | 'wasm' | 'tfjs') => trainSideBySide(tf, data, initial, { arch, epochs: 2, dataSeed: 4, masks, kernels });
    const theirs = await run('tfjs');
    for (const engine of ['native', 'wasm'] as const) {
      const ours = await run(engine);
      expect(maxRelativeGap(ours, theirs)).toBeLessThan(1e-3);
      ours.forEach((net, k) =>
        net.forEach((layer, l) => layer.w.forEach((v, i) => masks[k][l].w[i] === 0 && expect(v).toBe(initial[k][l].w[i]))),
      );
      expect(maxRelativeGap(ours, initial)).toBeGreaterThan(1e-2);
    }
  });

  it('freeze-init re-training (whole units frozen, whose weight gradients are skipped) follows TF.js’s path, frozen units unchanged', async () => {
    const data = images(256, 784, 10, 7);
    const theta0 = Array.from({ length: 4 }, (_, i) => initialParams(PAPER_ARCHITECTURE, 70 + i));
    const selected = theta0.map((_, i) => [[0, 3, 4 + i], [1, 2], [5 + i, 6, 7, 19]]);
    const subs = theta0.map((p, i) => subNetwork(p, p, selected[i], 'freeze-init'));
    const initial = subs.map((s) => s.params);
    const masks = subs.map((s) => s.mask);
    const run = (kernels: 'native' | 'wasm' | 'tfjs') => trainSideBySide(tf, data, initial, { arch: PAPER_ARCHITECTURE, epochs: 1, dataSeed: 8, masks, kernels });
    const theirs = await run('tfjs');
    for (const engine of ['native', 'wasm'] as const) {
      const ours = await run(engine);
      expect(maxRelativeGap(ours, theirs)).toBeLessThan(1e-3);
      ours.forEach((net, k) =>
        net.forEach((layer, l) => {
          for (let o = 0; o < layer.fanOut; o++) {
            const frozen = l < 3 && !selected[k][l].includes(o);
            const moved = Array.from({ length: layer.fanIn }, (_, i) => layer.w[i * layer.fanOut + o] !== initial[k][l].w[i * layer.fanOut + o]).some(Boolean);
            expect(moved).toBe(!frozen);
          }
        }),
      );
    }
  });

  it('evaluation: the same accuracy and the same pre-activations of every hidden layer', async () => {
    const data = images(300, 784, 10, 3);
    const params = Array.from({ length: 3 }, (_, i) => initialParams(PAPER_ARCHITECTURE, 40 + i));
    const ours = await evaluateNetworks(tf, PAPER_ARCHITECTURE, params, data.images, data.labels, true, 'native');
    const theirs = await evaluateNetworks(tf, PAPER_ARCHITECTURE, params, data.images, data.labels, true, 'tfjs');
    expect(ours.accuracy).toEqual(theirs.accuracy);
    ours.activations!.forEach((net, k) =>
      net.forEach((layer, l) => layer.forEach((v, i) => expect(Math.abs(v - theirs.activations![k][l][i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))))),
    );
  });

  it('on the cpu backend (worker threads) training equals TF.js’s own kernels on wasm', async () => {
    const arch: Architecture = { widths: [50, 8, 8, 4], learningRate: 0.05, batchSize: 16 };
    const data = images(320, 50, 4, 5);
    const initial = Array.from({ length: 4 }, (_, i) => initialParams(arch, 60 + i));
    let plan: unknown;
    const ours = await trainParallel(data, initial, { arch, epochs: 2, dataSeed: 6, workers: 2, tfBackend: 'cpu', kernels: 'native', onReady: (backend, _r, kernels) => (plan = { backend, kernels: kernels.kernels }) });
    expect(plan).toEqual({ backend: 'cpu', kernels: 'native' });
    const theirs = await trainSideBySide(tf, data, initial, { arch, epochs: 2, dataSeed: 6, kernels: 'tfjs' });
    expect(maxRelativeGap(ours, theirs)).toBeLessThan(1e-3);
  });
});
