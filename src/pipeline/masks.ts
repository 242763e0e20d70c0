import type { MlpParams } from '../nn/params.js';
import type { TrainMask } from '../nn/wideMlp.js';
import type { RetrainMode } from './config.js';

/**
 * A sub-network for lottery-ticket re-training (SPEC §6): in every hidden layer the selected units
 * are kept and rewound to θ₀; the unselected ones are
 *   prune          — removed: incoming weights and bias set to 0 and never trained (output exactly 0),
 *   freeze-init    — kept at θ₀ and never trained,
 *   freeze-trained — kept at θ (trained) and never trained.
 * The output layer is rewound to θ₀ and trained in every mode.
 * `selected[l]` lists the kept units of hidden layer l (fc1, fc2, …).
 */
export function subNetwork(theta0: MlpParams, theta: MlpParams, selected: number[][], mode: RetrainMode): { params: MlpParams; mask: TrainMask } {
  const params: MlpParams = [];
  const mask: TrainMask = [];
  theta0.forEach((layer0, l) => {
    const { fanIn, fanOut } = layer0;
    const w = layer0.w.slice();
    const b = layer0.b.slice();
    const wMask = new Float32Array(fanIn * fanOut).fill(1);
    const bMask = new Float32Array(fanOut).fill(1);
    if (l < selected.length) {
      const keep = new Set(selected[l]);
      for (let j = 0; j < fanOut; j++) {
        if (keep.has(j)) continue;
        bMask[j] = 0;
        if (mode === 'prune') b[j] = 0;
        else if (mode === 'freeze-trained') b[j] = theta[l].b[j];
        for (let i = 0; i < fanIn; i++) {
          wMask[i * fanOut + j] = 0;
          if (mode === 'prune') w[i * fanOut + j] = 0;
          else if (mode === 'freeze-trained') w[i * fanOut + j] = theta[l].w[i * fanOut + j];
        }
      }
    }
    params.push({ ...layer0, w, b });
    mask.push({ w: wMask, b: bMask });
  });
  return { params, mask };
}

/**
 * The pruned sub-network as a smaller dense network: in every hidden layer only the selected units,
 * so each layer is k wide. Equivalent to subNetwork(…, 'prune') — a pruned unit's output is exactly
 * 0, so its weights never matter — but it trains in a fraction of the time.
 */
export function compactSubNetwork(theta0: MlpParams, selected: number[][]): MlpParams {
  return theta0.map((layer, l) => {
    const rows = l === 0 ? [...Array(layer.fanIn).keys()] : selected[l - 1];
    const cols = l < selected.length ? selected[l] : [...Array(layer.fanOut).keys()];
    const w = new Float32Array(rows.length * cols.length);
    rows.forEach((i, r) => cols.forEach((j, c) => (w[r * cols.length + c] = layer.w[i * layer.fanOut + j])));
    return { name: layer.name, fanIn: rows.length, fanOut: cols.length, w, b: Float32Array.from(cols, (j) => layer.b[j]) };
  });
}
