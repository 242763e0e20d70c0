import { existsSync } from 'node:fs';

import { integerOption } from '../api/validate.js';
import { OinfoInputError, OinfoOptionError } from '../errors.js';
import { describeValue } from '../util/describeValue.js';
import { type Architecture, PAPER_ARCHITECTURE } from '../nn/architecture.js';
import { readConfig, writeConfig } from './runFiles.js';
import { runPaths } from './runFolder.js';

export const RETRAIN_MODES = ['prune', 'freeze-init', 'freeze-trained'] as const;
export type RetrainMode = (typeof RETRAIN_MODES)[number];

/** The settings of a run (SPEC §6). Fixed when the run folder is created; a resume must match them. */
export interface RunSettings {
  dataset: string;
  /** Network seeds: seed s fixes θ₀ of network s. */
  seeds: number[];
  /** Seeds the minibatch order shared by every network of the run. */
  dataSeed: number;
  epochs: number;
  retrainEpochs: number;
  mode: RetrainMode;
  retrainSizes: number[];
  /** Largest multiplet size analysed (exhaustively) per layer. */
  maxSize: number;
  /** The paper's greedy: exhaustive up to this size, then +1 at a time. */
  greedyExhaustiveMax: number;
  architecture: Architecture;
  quick: boolean;
}

/** What config.json holds: the settings plus facts recorded while running. */
export interface RunConfig extends RunSettings {
  version: 1;
  created: string;
  /** TF.js backend used for training and why (tfjs-node, else wasm, else cpu). */
  /** The TF.js backend that trained the networks, and the kernels it ran (src/nn/kernels). */
  tf_backend?: { name: string; reason: string; kernels?: 'native' | 'wasm' | 'tfjs'; kernels_reason?: string };
  /** oinfo engine backend used by the analysis. */
  engine_backend?: string;
}

export const PAPER_DEFAULTS = {
  seeds: 20,
  epochs: 50,
  mode: 'prune' as RetrainMode,
  retrainSizes: [2, 4, 6, 8, 10, 12],
  maxSize: 20,
  greedyExhaustiveMax: 6,
  dataSeed: 2024,
};

/** --quick: a first look in minutes (few seeds and epochs), everything else as the paper. */
export const QUICK_DEFAULTS = { seeds: 4, epochs: 5, retrainEpochs: 3, retrainSizes: [2, 4, 8, 12] };

export interface RunRequest {
  dataset?: string;
  seeds?: number;
  epochs?: number;
  retrainEpochs?: number;
  mode?: RetrainMode;
  maxSize?: number;
  dataSeed?: number;
  quick?: boolean;
}

export function settingsFrom(request: RunRequest): RunSettings {
  const quick = request.quick ?? false;
  const nSeeds = request.seeds ?? (quick ? QUICK_DEFAULTS.seeds : PAPER_DEFAULTS.seeds);
  const epochs = request.epochs ?? (quick ? QUICK_DEFAULTS.epochs : PAPER_DEFAULTS.epochs);
  const arch = PAPER_ARCHITECTURE;
  const width = Math.min(...arch.widths.slice(1, -1));
  integerOption(nSeeds, 'seeds', { min: 1, max: 1000 });
  integerOption(epochs, 'epochs', { min: 1 });
  const maxSize = integerOption(request.maxSize, 'maxSize', { min: 2, max: width, fallback: Math.min(PAPER_DEFAULTS.maxSize, width) });
  const mode = request.mode ?? PAPER_DEFAULTS.mode;
  if (!RETRAIN_MODES.includes(mode)) throw new OinfoOptionError('mode', `must be one of ${RETRAIN_MODES.join(', ')}, got ${describeValue(mode)}`);
  return {
    dataset: request.dataset ?? 'fashion-mnist',
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    dataSeed: integerOption(request.dataSeed, 'dataSeed', { min: 0, max: 2 ** 32 - 1, fallback: PAPER_DEFAULTS.dataSeed }),
    epochs,
    retrainEpochs: integerOption(request.retrainEpochs, 'retrainEpochs', { min: 1, fallback: quick ? QUICK_DEFAULTS.retrainEpochs : epochs }),
    mode,
    retrainSizes: (quick ? QUICK_DEFAULTS.retrainSizes : PAPER_DEFAULTS.retrainSizes).filter((k) => k <= width),
    maxSize,
    greedyExhaustiveMax: PAPER_DEFAULTS.greedyExhaustiveMax,
    architecture: arch,
    quick,
  };
}

/** Settings the trained networks and their analysis depend on: a resume must not change them. */
const FIXED_KEYS: (keyof RunSettings)[] = ['dataset', 'seeds', 'dataSeed', 'epochs', 'maxSize', 'greedyExhaustiveMax', 'architecture'];

/**
 * The run folder's config: created from the request when new. When the folder exists, its fixed
 * settings must equal the request's (a resume never mixes two protocols); the re-training settings
 * (mode, epochs) may change — their results are kept apart — and keep their old values unless given.
 */
export function openRun(dir: string, request: RunRequest): RunConfig {
  if (existsSync(runPaths(dir).config)) {
    const existing = readConfig(dir);
    const wanted = settingsFrom({ ...request, quick: request.quick ?? existing.quick, retrainEpochs: request.retrainEpochs ?? existing.retrainEpochs, mode: request.mode ?? existing.mode });
    const differing = FIXED_KEYS.filter((k) => JSON.stringify(existing[k]) !== JSON.stringify(wanted[k]));
    if (differing.length > 0) {
      const what = differing.map((k) => `${k} ${JSON.stringify(existing[k])} (now ${JSON.stringify(wanted[k])})`).join(', ');
      throw new OinfoInputError(`the run folder "${dir}" was made with other settings: ${what}; resume with the same options or use another --out`);
    }
    if (existing.retrainEpochs !== wanted.retrainEpochs || existing.mode !== wanted.mode) {
      const updated: RunConfig = { ...existing, retrainEpochs: wanted.retrainEpochs, mode: wanted.mode };
      writeConfig(dir, updated);
      return updated;
    }
    return existing;
  }
  const config: RunConfig = { version: 1, created: new Date().toISOString(), ...settingsFrom(request) };
  writeConfig(dir, config);
  return config;
}
