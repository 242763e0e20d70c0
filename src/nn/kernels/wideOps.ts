import type * as TF from '@tensorflow/tfjs';

import type { Tf } from '../tf.js';
import type { NnMath } from './nnMath.js';
import { type MemoryBackend, tensorMemory } from './tensorMemory.js';

/**
 * Two TF.js ops of our own for M networks trained side by side, with their gradients registered so
 * that TF.js's tape (tf.variableGrads) differentiates through them and TF.js's SGD applies the result:
 *  - wideDense: z = bias + act(a) · W for all M networks in one kernel (layouts in
 *    native/nn/wide_layers.hpp: activations [B, M·width]; W [in, M·out] for the shared images,
 *    [M, in, out] after; act = ReLU on a previous pre-activation);
 *  - softmaxCrossEntropy: [Σ_m loss_m / B, loss_m, correct_m] from logits [B, M·C] and labels [B].
 * One kernel per layer and direction instead of TF.js's matMul/add/relu/transpose/logSoftmax chain:
 * fewer, larger ops, computed by the native engine's float32 loops.
 */
export interface WideDenseAttrs {
  networks: number;
  in: number;
  out: number;
  sharedInput: boolean;
  reluInput: boolean;
}

const DENSE = 'OinfoWideDense';
const DENSE_INPUT_GRAD = 'OinfoWideDenseInputGrad';
const DENSE_WEIGHT_GRAD = 'OinfoWideDenseWeightGrad';
const DENSE_BIAS_GRAD = 'OinfoWideDenseBiasGrad';
const XENT = 'OinfoSoftmaxXent';
const XENT_GRAD = 'OinfoSoftmaxXentGrad';

type KernelArgs = { inputs: Record<string, TF.TensorInfo>; backend: unknown; attrs?: Record<string, unknown> };

function denseShape(batch: number, attrs: WideDenseAttrs): Int32Array {
  return Int32Array.of(batch, attrs.networks, attrs.in, attrs.out, attrs.sharedInput ? 1 : 0, attrs.reluInput ? 1 : 0);
}

/** The kernels' arithmetic for this thread (native or WASM), set by useWideOps. */
let math: NnMath | undefined;

/**
 * Makes the ops run on `nnMath`: registers the kernels (once per TF.js backend) and their gradients
 * (once per TF.js instance); a later call only switches the arithmetic.
 */
export function useWideOps(tf: Tf, backendName: MemoryBackend, nnMath: NnMath): void {
  math = nnMath;
  if (!tf.getKernel(DENSE, backendName)) registerKernels(tf, backendName);
  if (!tf.getGradient(DENSE)) registerGradients(tf);
}

function registerKernels(tf: Tf, backendName: MemoryBackend): void {
  const m = () => math!;
  const kernel = (kernelName: string, kernelFunc: (args: KernelArgs) => TF.TensorInfo | TF.TensorInfo[]) =>
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as never });
  const f32 = (shape: number[]) => ({ shape, dtype: 'float32' as const });

  kernel(DENSE, ({ inputs: { a, w, bias }, backend, attrs }) => {
    const at = attrs as unknown as WideDenseAttrs;
    const batch = a.shape[0];
    const { views, outputs } = tensorMemory(backendName, backend).run([a, w, bias], [f32([batch, at.networks * at.out])]);
    m().denseForward(denseShape(batch, at), ...(views as [Float32Array, Float32Array, Float32Array, Float32Array]));
    return outputs[0];
  });
  kernel(DENSE_INPUT_GRAD, ({ inputs: { dz, w, a }, backend, attrs }) => {
    const at = attrs as unknown as WideDenseAttrs;
    const { views, outputs } = tensorMemory(backendName, backend).run([dz, w, a], [f32(a.shape)]);
    m().denseInputGradient(denseShape(a.shape[0], at), ...(views as [Float32Array, Float32Array, Float32Array, Float32Array]));
    return outputs[0];
  });
  kernel(DENSE_WEIGHT_GRAD, ({ inputs: { a, dz, w, trainable }, backend, attrs }) => {
    const at = attrs as unknown as WideDenseAttrs;
    const { views, outputs } = tensorMemory(backendName, backend).run([a, dz, trainable], [f32(w.shape)]);
    m().denseWeightGradient(denseShape(a.shape[0], at), ...(views as [Float32Array, Float32Array, Float32Array, Float32Array]));
    return outputs[0];
  });
  kernel(DENSE_BIAS_GRAD, ({ inputs: { dz, bias }, backend, attrs }) => {
    const at = attrs as unknown as WideDenseAttrs;
    const { views, outputs } = tensorMemory(backendName, backend).run([dz], [f32(bias.shape)]);
    m().denseBiasGradient(denseShape(dz.shape[0], at), ...(views as [Float32Array, Float32Array]));
    return outputs[0];
  });
  kernel(XENT, ({ inputs: { logits, labels }, backend, attrs }) => {
    const { networks, classes } = attrs as { networks: number; classes: number };
    const batch = logits.shape[0];
    const { views, outputs } = tensorMemory(backendName, backend).run([logits, labels], [f32([]), f32([networks]), f32([networks])]);
    const [z, y, objective, lossSum, correct] = views as [Float32Array, Int32Array, Float32Array, Float32Array, Float32Array];
    m().softmaxCrossEntropy(Int32Array.of(batch, networks, classes), z, y, lossSum, correct);
    objective[0] = lossSum.reduce((s, v) => s + v, 0) / batch;
    return outputs;
  });
  kernel(XENT_GRAD, ({ inputs: { logits, labels, dy }, backend, attrs }) => {
    const { networks, classes } = attrs as { networks: number; classes: number };
    const batch = logits.shape[0];
    const { views, outputs } = tensorMemory(backendName, backend).run([logits, labels, dy], [f32(logits.shape)]);
    const [z, y, d, dLogits] = views as [Float32Array, Int32Array, Float32Array, Float32Array];
    // objective = Σ_m lossSum_m / B, so ∂objective/∂lossSum_m = 1 / B for every network.
    m().softmaxCrossEntropyGradient(Int32Array.of(batch, networks, classes), z, y, new Float32Array(networks).fill(d[0] / batch), dLogits);
    return outputs[0];
  });

}

function registerGradients(tf: Tf): void {
  const run = (name: string, inputs: Record<string, TF.Tensor>, attrs: object) => tf.engine().runKernel(name, inputs, attrs as never) as TF.Tensor;
  tf.registerGradient({
    kernelName: DENSE,
    inputsToSave: ['a', 'w', 'bias', 'trainable'],
    gradFunc: (dy, saved, attrs) => {
      const [a, w, bias, trainable] = saved;
      const dz = dy as TF.Tensor;
      return {
        a: () => {
          if ((attrs as unknown as WideDenseAttrs).sharedInput) throw new Error('wideDense: the shared input (the images) has no gradient');
          return run(DENSE_INPUT_GRAD, { dz, w, a }, attrs);
        },
        w: () => run(DENSE_WEIGHT_GRAD, { a, dz, w, trainable }, attrs),
        bias: () => run(DENSE_BIAS_GRAD, { dz, bias }, attrs),
        trainable: () => tf.zerosLike(trainable),
      };
    },
  });
  tf.registerGradient({
    kernelName: XENT,
    inputsToSave: ['logits', 'labels'],
    gradFunc: (dys, saved, attrs) => {
      const [logits, labels] = saved;
      // Only the objective (output 0) is differentiated; the per-network sums and counts are reports.
      return { logits: () => run(XENT_GRAD, { logits, labels, dy: (dys as TF.Tensor[])[0] }, attrs), labels: () => tf.zerosLike(labels) };
    },
  });
}

/**
 * z [B, M·out] = bias + act(a) · W for M networks (useWideOps first). `trainable` (M·out flags of 1/0):
 * the output columns whose weights train — the weight gradient skips the others (they are 0).
 */
export function wideDense(tf: Tf, a: TF.Tensor, w: TF.Tensor, bias: TF.Tensor, trainable: TF.Tensor1D, attrs: WideDenseAttrs): TF.Tensor2D {
  return tf.engine().runKernel(DENSE, { a, w, bias, trainable }, attrs as never) as TF.Tensor2D;
}

/** [Σ_m loss_m / B (scalar, differentiable), loss_m summed over the batch [M], correct_m [M]]. */
export function softmaxCrossEntropy(tf: Tf, logits: TF.Tensor, labels: TF.Tensor1D, networks: number, classes: number): [TF.Scalar, TF.Tensor1D, TF.Tensor1D] {
  return tf.engine().runKernel(XENT, { logits, labels }, { networks, classes } as never) as unknown as [TF.Scalar, TF.Tensor1D, TF.Tensor1D];
}
