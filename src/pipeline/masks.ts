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
