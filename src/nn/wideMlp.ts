import type * as TF from '@tensorflow/tfjs';

import type { Architecture } from './architecture.js';
import { type KernelChoice, type KernelPlan, planKernels } from './kernels/index.js';
import { softmaxCrossEntropy, wideDense } from './kernels/wideOps.js';
import type { MlpParams } from './params.js';
import type { Tf } from './tf.js';

/**
 * Which weights of one network may change: per layer, 1/0 for every entry of W (fanIn × fanOut) and
 * b (fanOut). Absent = everything trains. Used by re-training: pruned units have zero weights that
 * never train, frozen units keep their weights.
 */
export type TrainMask = { w: Float32Array; b: Float32Array }[];

/** One minibatch step's inputs: images (batch × features) and integer labels. */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
}

/**
 * M networks of one architecture trained side by side as one wide model: they see the same
 * minibatches, so the first layer of all of them is one [features × width·M] product and every
 * later layer one batched [M, batch, in] × [M, in, out] product. The summed loss has, for each
 * network, exactly that network's gradient, so each one follows its own SGD path.
 *
 * Two kernel sets compute the same function (kernels/index.ts): ours run one fused kernel per layer
 * and direction (kernels/wideOps.ts, activations [B, M·width]); `tfjs` runs TF.js's own ops
 * (activations [M, B, width]). The variables, the tape and the SGD update are TF.js's in both.
 */
export class WideMlp {
  readonly m: number;
  /** The kernels this model runs on, and why. */
  readonly kernels: KernelPlan;
  private readonly fused: boolean;
  private readonly w: TF.Variable[] = [];
  private readonly b: TF.Variable[] = [];
  private readonly wMask: (TF.Tensor | null)[] = [];
  private readonly bMask: (TF.Tensor | null)[] = [];
  /** Per layer, M·out flags: the output units whose incoming weights train (1 everywhere without masks). */
  private readonly trainable: TF.Tensor1D[] = [];
  private readonly widths: number[];
  private readonly lr: TF.Scalar;

  constructor(
    private readonly tf: Tf,
    private readonly arch: Architecture,
    params: MlpParams[],
    masks?: (TrainMask | undefined)[],
    kernels: KernelChoice = 'auto',
  ) {
    this.m = params.length;
    this.kernels = planKernels(tf, kernels);
    this.fused = this.kernels.kernels !== 'tfjs';
    this.widths = arch.widths;
    this.lr = tf.scalar(arch.learningRate);
    const L = this.widths.length - 1;
    for (let l = 0; l < L; l++) {
      const [w, b] = this.stack(params.map((p) => p[l]), l);
      this.w.push(tf.variable(w));
      this.b.push(tf.variable(b));
      w.dispose();
      b.dispose();
      if (masks && masks.some((mask) => mask)) {
        const full = (fanIn: number, fanOut: number) => ({ w: new Float32Array(fanIn * fanOut).fill(1), b: new Float32Array(fanOut).fill(1) });
        const layerMasks = masks.map((mask) => mask?.[l] ?? full(this.widths[l], this.widths[l + 1]));
        const [wm, bm] = this.stack(
          layerMasks.map((mk) => ({ w: mk.w, b: mk.b, fanIn: this.widths[l], fanOut: this.widths[l + 1] })),
          l,
        );
        this.wMask.push(wm);
        this.bMask.push(bm);
        this.trainable.push(tf.tensor1d(trainableColumns(layerMasks.map((mk) => mk.w), this.widths[l], this.widths[l + 1])));
      } else {
        this.wMask.push(null);
        this.bMask.push(null);
        this.trainable.push(tf.ones([this.m * this.widths[l + 1]]));
      }
    }
  }

  /** Layout of layer l for M networks: l = 0 → W [in, out·M], b [out·M]; else W [M, in, out], b [M, 1, out]. */
  private stack(layers: { w: Float32Array; b: Float32Array; fanIn: number; fanOut: number }[], l: number): [TF.Tensor, TF.Tensor] {
    const tf = this.tf;
    const fanIn = this.widths[l];
    const fanOut = this.widths[l + 1];
    const m = layers.length;
    if (l === 0) {
      const w = new Float32Array(fanIn * fanOut * m);
      const b = new Float32Array(fanOut * m);
      layers.forEach((p, k) => {
        for (let i = 0; i < fanIn; i++) w.set(p.w.subarray(i * fanOut, (i + 1) * fanOut), i * fanOut * m + k * fanOut);
        b.set(p.b, k * fanOut);
      });
      return [tf.tensor2d(w, [fanIn, fanOut * m]), tf.tensor1d(b)];
    }
    const w = new Float32Array(m * fanIn * fanOut);
    const b = new Float32Array(m * fanOut);
    layers.forEach((p, k) => {
      w.set(p.w, k * fanIn * fanOut);
      b.set(p.b, k * fanOut);
    });
    return [tf.tensor3d(w, [m, fanIn, fanOut]), tf.tensor3d(b, [m, 1, fanOut])];
  }

  /** Logits [B, M·classes] and every hidden layer's pre-activations [B, M·width], by the fused kernels. */
  private forwardFused(x: TF.Tensor2D): { logits: TF.Tensor2D; pre: TF.Tensor2D[] } {
    const L = this.widths.length - 1;
    const pre: TF.Tensor2D[] = [];
    const dims = (l: number) => ({ networks: this.m, in: this.widths[l], out: this.widths[l + 1], sharedInput: l === 0, reluInput: l > 0 });
    let z = wideDense(this.tf, x, this.w[0], this.b[0], this.trainable[0], dims(0));
    for (let l = 1; l < L; l++) {
      pre.push(z);
      z = wideDense(this.tf, z, this.w[l], this.b[l], this.trainable[l], dims(l));
    }
    return { logits: z, pre };
  }

  /** Logits [M, batch, classes] and every hidden layer's pre-activations [M, batch, width], by TF.js's ops. */
  private forward(x: TF.Tensor2D): { logits: TF.Tensor3D; pre: TF.Tensor3D[] } {
    const tf = this.tf;
    const n = x.shape[0];
    const L = this.widths.length - 1;
    const pre: TF.Tensor3D[] = [];
    const first = tf.add(tf.matMul(x, this.w[0] as TF.Tensor2D), this.b[0]);
    let z = tf.transpose(tf.reshape(first, [n, this.m, this.widths[1]]), [1, 0, 2]) as TF.Tensor3D;
    for (let l = 1; l < L; l++) {
      pre.push(z);
      z = tf.add(tf.matMul(tf.relu(z), this.w[l] as TF.Tensor3D), this.b[l]) as TF.Tensor3D;
    }
    return { logits: z, pre };
  }

  /**
   * One SGD step on a minibatch; returns per-network [loss sum, correct count] tensors ([M] each)
   * for the caller to accumulate without a round trip per step.
   */
  step(batch: Batch): { lossSum: TF.Tensor1D; correct: TF.Tensor1D } {
    const tf = this.tf;
    return tf.tidy(() => {
      const x = tf.tensor2d(batch.x, [batch.size, this.widths[0]]);
      const labels = tf.tensor1d(batch.y, 'int32');
      let perNetLoss: TF.Tensor1D | undefined;
      let correct: TF.Tensor1D | undefined;
      const vars = [...this.w, ...this.b];
      const classes = this.widths[this.widths.length - 1];
      const { grads } = tf.variableGrads(() => {
        if (this.fused) {
          const [objective, lossSum, hits] = softmaxCrossEntropy(tf, this.forwardFused(x).logits, labels, this.m, classes);
          perNetLoss = tf.keep(lossSum);
          correct = tf.keep(hits);
          return objective;
        }
        const oneHot = tf.oneHot(labels, classes);
        const { logits } = this.forward(x);
        const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), oneHot), 2)); // [M, batch]
        perNetLoss = tf.keep(tf.sum(nll, 1) as TF.Tensor1D);
        correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 2), labels), 'float32'), 1) as TF.Tensor1D);
        return tf.div(tf.sum(nll), batch.size) as TF.Scalar; // Σ_networks mean_batch loss
      }, vars);
      for (let l = 0; l < this.w.length; l++) {
        for (const [v, mask] of [
          [this.w[l], this.wMask[l]],
          [this.b[l], this.bMask[l]],
        ] as const) {
          let g = grads[v.name];
          if (mask) g = tf.mul(g, mask);
          v.assign(tf.sub(v, tf.mul(this.lr, g)));
        }
      }
      return { lossSum: perNetLoss!, correct: correct! };
    });
  }

  /** Per network: accuracy on (images, labels), evaluated in chunks. */
  async accuracy(images: Float32Array, labels: Uint8Array, chunk = 2000): Promise<number[]> {
    const tf = this.tf;
    const n = labels.length;
    const features = this.widths[0];
    const total = tf.variable(tf.zeros([this.m]));
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      tf.tidy(() => {
        const x = tf.tensor2d(images.subarray(start * features, (start + size) * features), [size, features]);
        const y = tf.tensor1d(Int32Array.from(labels.subarray(start, start + size)), 'int32');
        const correct =
          this.fused
            ? softmaxCrossEntropy(tf, this.forwardFused(x).logits, y, this.m, this.widths[this.widths.length - 1])[2]
            : tf.sum(tf.cast(tf.equal(tf.argMax(this.forward(x).logits, 2), y), 'float32'), 1);
        total.assign(tf.add(total, correct));
      });
    }
    const counts = Array.from(await total.data());
    total.dispose();
    return counts.map((c) => c / n);
  }

  /** Per network, per hidden layer: pre-activations (before ReLU) on the images, n × width, float32. */
  async preActivations(images: Float32Array, n: number, chunk = 2000): Promise<Float32Array[][]> {
    const tf = this.tf;
    const features = this.widths[0];
    const hidden = this.widths.slice(1, -1);
    const out = Array.from({ length: this.m }, () => hidden.map((h) => new Float32Array(n * h)));
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const pre = tf.tidy(() => {
        const x = tf.tensor2d(images.subarray(start * features, (start + size) * features), [size, features]);
        return (this.fused ? this.forwardFused(x).pre : this.forward(x).pre).map((t) => tf.keep(t));
      });
      for (let l = 0; l < pre.length; l++) {
        const values = (await pre[l].data()) as Float32Array;
        const h = hidden[l];
        if (this.fused) {
          // [size, M·h]: example i of network k at i·M·h + k·h.
          for (let k = 0; k < this.m; k++) for (let i = 0; i < size; i++) out[k][l].set(values.subarray((i * this.m + k) * h, (i * this.m + k + 1) * h), (start + i) * h);
        } else {
          // [M, size, h]
          for (let k = 0; k < this.m; k++) out[k][l].set(values.subarray(k * size * h, (k + 1) * size * h), start * h);
        }
        pre[l].dispose();
      }
    }
    return out;
  }

  /** The current weights of every network. */
  async params(): Promise<MlpParams[]> {
    const L = this.widths.length - 1;
    const out: MlpParams[] = Array.from({ length: this.m }, () => []);
    for (let l = 0; l < L; l++) {
      const fanIn = this.widths[l];
      const fanOut = this.widths[l + 1];
      const w = (await this.w[l].data()) as Float32Array;
      const b = (await this.b[l].data()) as Float32Array;
      for (let k = 0; k < this.m; k++) {
        let wk: Float32Array;
        if (l === 0) {
          wk = new Float32Array(fanIn * fanOut);
          for (let i = 0; i < fanIn; i++) wk.set(w.subarray(i * fanOut * this.m + k * fanOut, i * fanOut * this.m + (k + 1) * fanOut), i * fanOut);
        } else {
          wk = w.slice(k * fanIn * fanOut, (k + 1) * fanIn * fanOut);
        }
        out[k].push({ name: `fc${l + 1}`, fanIn, fanOut, w: wk, b: b.slice(k * fanOut, (k + 1) * fanOut) });
      }
    }
    return out;
  }

  dispose(): void {
    for (const t of [...this.w, ...this.b, ...this.wMask, ...this.bMask, ...this.trainable, this.lr]) t?.dispose();
  }
}

/** Per network k and output unit o (index k·fanOut + o): 1 if any weight into o may train (its mask column is not all 0). */
function trainableColumns(masks: Float32Array[], fanIn: number, fanOut: number): Float32Array {
  const flags = new Float32Array(masks.length * fanOut);
  masks.forEach((w, k) => {
    for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) if (w[i * fanOut + o] !== 0) flags[k * fanOut + o] = 1;
  });
  return flags;
}
