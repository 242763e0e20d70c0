import { existsSync } from 'node:fs';

import { choiceOption, integerOption, type OptionNames, optionsObject } from '../api/validate.js';
import { OinfoInputError } from '../errors.js';
import { type Architecture, HIDDEN_RANGE, hiddenArchitecture } from '../nn/architecture.js';
import { readConfigFile, writeConfig } from './runFiles.js';
import { runPaths } from './runFolder.js';
import { EXHAUSTIVE_BUDGET, searchPlan, type SearchPlan } from './searchPlan.js';

import { LABEL_TREATMENTS, type LabelTreatment, RETRAIN_MODES, type RetrainMode } from './choices.js';

export { LABEL_TREATMENTS, type LabelTreatment, RETRAIN_MODES, type RetrainMode } from './choices.js';

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
  /** The label treatment whose best multiplets the synergy/redundancy methods select (Figure 2). */
  label: LabelTreatment;
  retrainSizes: number[];
  /** Largest multiplet size analysed (exhaustively) per layer. */
  maxSize: number;
  /** The paper's greedy: exhaustive up to this size, then +1 at a time. */
  greedyExhaustiveMax: number;
  architecture: Architecture;
  /** Most multiplets of one size searched exhaustively (searchPlan.ts). */
  exhaustiveBudget: number;
  /** Derived from the architecture, maxSize and the budget (searchPlan.ts's rule); recorded, not compared. */
  analysisPlan: SearchPlan;
  /** Random relabellings of the classes analysed with the continuous treatment (results/relabelling.json). */
  relabellings: number;
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
  label: 'continuous' as LabelTreatment,
  hidden: 20,
  relabellings: 5,
};

/** --quick: a first look in minutes (few seeds and epochs), everything else as the paper. */
export const QUICK_DEFAULTS = { seeds: 4, epochs: 5, retrainEpochs: 3, retrainSizes: [2, 4, 8, 12] };

export interface RunRequest {
  dataset?: string;
  seeds?: number;
  epochs?: number;
  retrainEpochs?: number;
  mode?: RetrainMode;
  label?: LabelTreatment;
  /** Neurons per hidden layer (default 20, the paper's). */
  hidden?: number;
  /** Most multiplets of one size searched exhaustively (default EXHAUSTIVE_BUDGET; searchPlan.ts). */
  exhaustiveBudget?: number;
  maxSize?: number;
  dataSeed?: number;
  quick?: boolean;
}

const RUN_REQUEST_OPTIONS: OptionNames<RunRequest> = {
  dataset: true, seeds: true, epochs: true, retrainEpochs: true, mode: true, label: true, hidden: true, exhaustiveBudget: true,
  maxSize: true, dataSeed: true, quick: true,
};

export function settingsFrom(request: RunRequest): RunSettings {
  request = optionsObject(request, 'reproduce', RUN_REQUEST_OPTIONS);
  const quick = request.quick ?? false;
  const nSeeds = request.seeds ?? (quick ? QUICK_DEFAULTS.seeds : PAPER_DEFAULTS.seeds);
  const epochs = request.epochs ?? (quick ? QUICK_DEFAULTS.epochs : PAPER_DEFAULTS.epochs);
  const arch = hiddenArchitecture(integerOption(request.hidden, 'hidden', { ...HIDDEN_RANGE, fallback: PAPER_DEFAULTS.hidden }));
  const width = Math.min(...arch.widths.slice(1, -1));
  integerOption(nSeeds, 'seeds', { min: 1, max: 1000 });
  integerOption(epochs, 'epochs', { min: 1 });
  const maxSize = integerOption(request.maxSize, 'maxSize', { min: 2, max: width, fallback: Math.min(PAPER_DEFAULTS.maxSize, width) });
  const mode = choiceOption(request.mode, 'mode', RETRAIN_MODES, PAPER_DEFAULTS.mode);
  const label = choiceOption(request.label, 'label', LABEL_TREATMENTS, PAPER_DEFAULTS.label);
  const exhaustiveBudget = integerOption(request.exhaustiveBudget, 'exhaustiveBudget', { min: 1, fallback: EXHAUSTIVE_BUDGET });
  return {
    dataset: request.dataset ?? 'fashion-mnist',
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    dataSeed: integerOption(request.dataSeed, 'dataSeed', { min: 0, max: 2 ** 32 - 1, fallback: PAPER_DEFAULTS.dataSeed }),
    epochs,
    retrainEpochs: integerOption(request.retrainEpochs, 'retrainEpochs', { min: 1, fallback: quick ? QUICK_DEFAULTS.retrainEpochs : epochs }),
    mode,
    label,
    retrainSizes: (quick ? QUICK_DEFAULTS.retrainSizes : PAPER_DEFAULTS.retrainSizes).filter((k) => k <= width),
    maxSize,
    greedyExhaustiveMax: PAPER_DEFAULTS.greedyExhaustiveMax,
    architecture: arch,
    exhaustiveBudget,
    analysisPlan: searchPlan(width, maxSize, PAPER_DEFAULTS.greedyExhaustiveMax, exhaustiveBudget),
    relabellings: PAPER_DEFAULTS.relabellings,
    quick,
  };
}

/**
 * Settings a config.json written before they existed lacks, as that run had them: the paper's label
 * treatment, the budget and plan its (20-wide) analysis followed, the default relabellings.
 */
function withNewerSettings(config: Partial<RunConfig> & Omit<RunConfig, 'label' | 'exhaustiveBudget' | 'analysisPlan' | 'relabellings'>): RunConfig {
  const width = Math.min(...config.architecture.widths.slice(1, -1));
  const exhaustiveBudget = config.exhaustiveBudget ?? EXHAUSTIVE_BUDGET;
  return {
    ...config,
    label: config.label ?? PAPER_DEFAULTS.label,
    exhaustiveBudget,
    analysisPlan: config.analysisPlan ?? searchPlan(width, config.maxSize, config.greedyExhaustiveMax, exhaustiveBudget),
    relabellings: config.relabellings ?? PAPER_DEFAULTS.relabellings,
  };
}

/** A run folder's config.json, with the settings an older run's lacks (withNewerSettings). */
export const readConfig = (dir: string): RunConfig => withNewerSettings(readConfigFile(dir));

/** Settings the trained networks and their analysis depend on: a resume must not change them. */
const FIXED_KEYS: (keyof RunSettings)[] = ['dataset', 'seeds', 'dataSeed', 'epochs', 'maxSize', 'greedyExhaustiveMax', 'architecture', 'exhaustiveBudget', 'relabellings'];

/**
 * The run folder's config: created from the request when new. When the folder exists, its fixed
 * settings must equal the request's (a resume never mixes two protocols); the re-training settings
 * (mode, epochs, label) may change — their results are kept apart — and keep their old values unless given.
 */
export function openRun(dir: string, request: RunRequest): RunConfig {
  if (existsSync(runPaths(dir).config)) {
    const existing = readConfig(dir);
    const wanted = settingsFrom({
      ...request,
      quick: request.quick ?? existing.quick,
      retrainEpochs: request.retrainEpochs ?? existing.retrainEpochs,
      mode: request.mode ?? existing.mode,
      label: request.label ?? existing.label,
    });
    const differing = FIXED_KEYS.filter((k) => JSON.stringify(existing[k]) !== JSON.stringify(wanted[k]));
    if (differing.length > 0) {
      const what = differing.map((k) => `${k} ${JSON.stringify(existing[k])} (now ${JSON.stringify(wanted[k])})`).join(', ');
      throw new OinfoInputError(`the run folder "${dir}" was made with other settings: ${what}; resume with the same options or use another --out`);
    }
    // Written when a re-training setting changes, or to record the settings an older run's file lacks.
    const updated: RunConfig = { ...existing, retrainEpochs: wanted.retrainEpochs, mode: wanted.mode, label: wanted.label };
    if (JSON.stringify(updated) !== JSON.stringify(readConfigFile(dir))) writeConfig(dir, updated);
    return updated;
  }
  const config: RunConfig = { version: 1, created: new Date().toISOString(), ...settingsFrom(request) };
  writeConfig(dir, config);
  return config;
}
