/**
 * The artefacts of a run folder (SPEC §6), read and written: stages exchange their results only
 * through these functions, never by importing each other. A missing or unparseable input is the
 * user's to fix: an OinfoInputError naming the file and the command that makes it.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

import { OinfoInputError } from '../errors.js';
import { readNpy } from '../io/npy.js';
import { encodeNpy } from '../io/npyWrite.js';
import type { Table } from '../io/table.js';
import { hiddenLayerNames } from '../nn/architecture.js';
import { loadParams, type MlpParams, saveParams } from '../nn/params.js';
import type { LayerEntry, Layerwise, RetrainRow, SizeEntry, StatsFile } from '../report/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { type LabelTreatment, RETRAIN_MODES, type RunConfig } from './config.js';
import type { RetrainGroup } from './retrainStats.js';
import { runPaths } from './runFolder.js';
import type { SearchPlan } from './searchPlan.js';
import { type LayerMi, METHODS, type Method, type Selection } from './selection.js';

// ---------------------------------------------------------------------------------------------
// Reading JSON artefacts

/** JSON.parse's complaint on one line (it may quote the text, newlines included). */
const parseError = (error: unknown) => String((error as Error).message).replace(/\s+/g, ' ');

function parseJson<T>(path: string, ifCorrupt: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OinfoInputError(`cannot read "${path}" (${code ?? parseError(error)})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new OinfoInputError(`"${path}" is corrupt (${parseError(error)}); ${ifCorrupt}`);
  }
}

/** A JSON artefact that `command` makes. */
function readJson<T>(path: string, command: string): T {
  if (!existsSync(path)) throw new OinfoInputError(`"${path}" is missing; run \`${command}\` first`);
  return parseJson<T>(path, `delete it and run \`${command}\` to make it again`);
}

/** A JSON artefact that may not exist yet (work in progress): undefined when absent. */
function readJsonIfPresent<T>(path: string, command: string): T | undefined {
  return existsSync(path) ? parseJson<T>(path, `delete it and run \`${command}\` to make it again`) : undefined;
}

/** The command that makes a stage's artefacts. */
const cli = (stage: 'train' | 'analyze' | 'retrain', dir: string) => `oinfo ${stage} --out ${dir}`;
const seedList = (seeds: number[]) => (seeds.length === 1 ? `seed ${seeds[0]} is` : `seeds ${seeds.join(', ')} are`);

// ---------------------------------------------------------------------------------------------
// config.json and timings.json

const CONFIG_KEYS: (keyof RunConfig)[] = ['version', 'dataset', 'seeds', 'dataSeed', 'epochs', 'retrainEpochs', 'mode', 'retrainSizes', 'maxSize', 'greedyExhaustiveMax', 'architecture'];

/** config.json as written, which an older run's may lack newer settings in (config.ts's readConfig adds them). */
export function readConfigFile(dir: string): RunConfig {
  const path = runPaths(dir).config;
  if (!existsSync(path)) throw new OinfoInputError(`"${dir}" is not a run folder (no config.json); start one with \`oinfo reproduce --out ${dir}\``);
  const config = parseJson<RunConfig>(path, 'fix it, or start a new run with `oinfo reproduce --out <another folder>`');
  const valid = typeof config === 'object' && config !== null && config.version === 1 && CONFIG_KEYS.every((k) => k in config);
  if (!valid)
    throw new OinfoInputError(`"${dir}" is not a run folder ("${path}" holds no oinfo run settings); start one with \`oinfo reproduce --out <another folder>\``);
  return config;
}

export function writeConfig(dir: string, config: RunConfig): void {
  writeFileAtomic(runPaths(dir).config, JSON.stringify(config, null, 2) + '\n');
}

/** Wall time per stage in seconds, summed over the invocations that did work (timings.json). */
export type Timings = Record<string, number>;

export function readTimings(dir: string): Timings {
  return readJsonIfPresent<Timings>(runPaths(dir).timings, `oinfo reproduce --out ${dir}`) ?? {};
}

export function writeTimings(dir: string, timings: Timings): void {
  writeFileAtomic(runPaths(dir).timings, JSON.stringify(timings, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Training: θ₀, checkpoints, θ, metrics.json, pre-activations

/** What metrics.json of a seed holds. */
export interface SeedMetrics {
  seed: number;
  /** Per epoch: mean loss and accuracy over the epoch's minibatches (the weights change as it runs). */
  history: { epoch: number; loss: number; accuracy: number }[];
  /** See `train_accuracy_kind`. */
  train_accuracy: number;
  /**
   * How `train_accuracy` was measured: `final` = the trained θ evaluated on the whole training split.
   * Absent in older run folders, whose `train_accuracy` is the last epoch's running minibatch mean.
   */
  train_accuracy_kind?: 'final';
  test_accuracy: number;
}

export function seedTrained(dir: string, config: RunConfig, seed: number): boolean {
  const p = runPaths(dir);
  return (
    existsSync(p.theta0(seed)) &&
    existsSync(p.theta(seed)) &&
    existsSync(p.metrics(seed)) &&
    hiddenLayerNames(config.architecture).every((layer) => existsSync(p.activations(seed, layer)))
  );
}

/** Stops `stage` when some seed is not trained: it names them and the command that trains them. */
export function requireTrained(dir: string, config: RunConfig, stage: string): void {
  const untrained = config.seeds.filter((seed) => !seedTrained(dir, config, seed));
  if (untrained.length > 0) throw new OinfoInputError(`${stage}: ${seedList(untrained)} not trained yet; run \`${cli('train', dir)}\` first`);
}

export function readMetrics(dir: string, seed: number): SeedMetrics {
  return readJson<SeedMetrics>(runPaths(dir).metrics(seed), cli('train', dir));
}

export function writeMetrics(dir: string, metrics: SeedMetrics): void {
  writeFileAtomic(runPaths(dir).metrics(metrics.seed), JSON.stringify(metrics, null, 2) + '\n');
}

/** θ₀ (the seed's initial draw, kept for rewinding) or θ (trained) of a seed. */
export function readParams(dir: string, seed: number, which: 'theta0' | 'theta'): MlpParams {
  const path = runPaths(dir)[which](seed);
  if (!existsSync(path)) throw new OinfoInputError(`"${path}" is missing; run \`${cli('train', dir)}\` first`);
  return loadParams(path);
}

export function writeParams(dir: string, seed: number, which: 'theta0' | 'theta', params: MlpParams, metadata: Record<string, string>): void {
  saveParams(runPaths(dir)[which](seed), params, metadata);
}

/** The epoch a seed's checkpoint holds (with its history), or 0. */
export function checkpointEpoch(dir: string, seed: number): number {
  const p = runPaths(dir);
  if (!existsSync(p.checkpoint(seed)) || !existsSync(p.checkpointHistory(seed))) return 0;
  const header = readFileSync(p.checkpoint(seed)).subarray(0, 4096).toString('utf8');
  const m = /"epoch":"(\d+)"/.exec(header);
  return m ? Number(m[1]) : 0;
}

export function readCheckpoint(dir: string, seed: number): { params: MlpParams; history: SeedMetrics['history'] } {
  const p = runPaths(dir);
  const history = readJson<SeedMetrics['history']>(p.checkpointHistory(seed), cli('train', dir));
  // The history is written first: cut off an epoch whose parameters an interruption did not save.
  const epoch = checkpointEpoch(dir, seed);
  return { params: loadParams(p.checkpoint(seed)), history: history.filter((h) => h.epoch <= epoch) };
}

/** Saves a seed's state after `epoch`: the history first, then the parameters (see readCheckpoint). */
export function writeCheckpoint(dir: string, seed: number, epoch: number, params: MlpParams, history: SeedMetrics['history']): void {
  const p = runPaths(dir);
  writeFileAtomic(p.checkpointHistory(seed), JSON.stringify(history));
  saveParams(p.checkpoint(seed), params, { seed: String(seed), epoch: String(epoch) });
}

export function removeCheckpoint(dir: string, seed: number): void {
  const p = runPaths(dir);
  rmSync(p.checkpoint(seed), { force: true });
  rmSync(p.checkpointHistory(seed), { force: true });
}

/** A seed's pre-activations of one hidden layer on the test split: n × width, row-major. */
export function writeActivations(dir: string, seed: number, layer: string, values: Float32Array, n: number, width: number): void {
  writeFileAtomic(runPaths(dir).activations(seed, layer), encodeNpy(values, n, width));
}

export function readActivations(dir: string, seed: number, layer: string): Table {
  return readNpy(runPaths(dir).activations(seed, layer));
}

// ---------------------------------------------------------------------------------------------
// Analysis: seeds' analysis.json and results/layerwise.json

/** The best multiplet of one size and kind, for one seed. */
export interface Best {
  oinfo: number;
  vars: string[];
}

export interface SeedLayerAnalysis {
  /** Per size k (index k − 2): the best multiplets (searchPlan: exhaustive, beam above) and the paper's greedy's. */
  sizes: {
    size: number;
    synergy: Best;
    redundancy: Best;
    greedy: { synergy: Best; redundancy: Best };
    /** Multiplets of this size each search evaluated (absent in older analyses). */
    evaluated?: { search: number; greedy: number };
  }[];
  evaluated: number;
  seconds: number;
}

/** analysis.json (or analysis-discrete.json) of a seed: layer name → analysis (layers appear as they are done). */
export type SeedAnalysis = Record<string, SeedLayerAnalysis>;

export function readSeedAnalysis(dir: string, seed: number, label: LabelTreatment = 'continuous'): SeedAnalysis {
  return readJsonIfPresent<SeedAnalysis>(runPaths(dir).analysis(seed, label), cli('analyze', dir)) ?? {};
}

export function writeLayerAnalysis(dir: string, seed: number, layer: string, analysis: SeedLayerAnalysis, label: LabelTreatment = 'continuous'): void {
  const all = readSeedAnalysis(dir, seed, label);
  all[layer] = analysis;
  writeFileAtomic(runPaths(dir).analysis(seed, label), JSON.stringify(all) + '\n');
}

/** One layer of a seed under the random relabellings: per size, the best multiplets of each relabelling. */
export interface SeedLayerRelabelling {
  /** Relabelling r maps class c to relabellings[r][c]. */
  relabellings: number[][];
  sizes: { size: number; synergy: Best[]; redundancy: Best[] }[];
  seconds: number;
}

/** A seed's relabelling.json: layer name → its relabellings (layers appear as they are done). */
export type SeedRelabelling = Record<string, SeedLayerRelabelling>;

export function readSeedRelabelling(dir: string, seed: number): SeedRelabelling {
  return readJsonIfPresent<SeedRelabelling>(runPaths(dir).relabelling(seed), cli('analyze', dir)) ?? {};
}

export function writeLayerRelabelling(dir: string, seed: number, layer: string, relabelling: SeedLayerRelabelling): void {
  const all = readSeedRelabelling(dir, seed);
  all[layer] = relabelling;
  writeFileAtomic(runPaths(dir).relabelling(seed), JSON.stringify(all) + '\n');
}

/** Stops `stage` when some seed lacks the analysis (with the label as `label`) of a hidden layer, or is not trained. */
export function requireAnalysed(dir: string, config: RunConfig, stage: string, label: LabelTreatment = config.label): void {
  requireTrained(dir, config, stage);
  const layers = hiddenLayerNames(config.architecture);
  const pending = config.seeds.filter((seed) => {
    const analysis = readSeedAnalysis(dir, seed, label);
    return !layers.every((layer) => layer in analysis);
  });
  if (pending.length > 0) throw new OinfoInputError(`${stage}: ${seedList(pending)} not analysed yet; run \`${cli('analyze', dir)}\` first`);
}

/**
 * results/layerwise.json (the label as the paper treated it, continuous) and layerwise-discrete.json
 * (SPEC §7's discrete target): SPEC §6's schema, which the report reads, plus
 * - `label`: "continuous" | "discrete";
 * - `search`: the plan (searchPlan.ts: rule, budget, exhaustiveMax, beam, greedyExhaustiveMax);
 * - per size, `search` ("exhaustive" | "beam": how its synergy/redundancy were found) and
 *   `greedy_search` ("exhaustive" | "greedy": the paper's greedy at that size);
 * - `max_size` and `max_size_note` when the discrete target's class sizes stop the sizes below maxSize
 *   (SPEC §7: every class needs more than k + 1 samples).
 */
export interface LayerwiseFile extends Layerwise {
  label: LabelTreatment;
  search: SearchPlan;
  max_size?: number;
  max_size_note?: string;
  layers: (LayerEntry & { sizes: (SizeEntry & { search: 'exhaustive' | 'beam'; greedy_search: 'exhaustive' | 'greedy' })[] })[];
}

export function readLayerwise(dir: string, label: LabelTreatment = 'continuous'): LayerwiseFile {
  return readJson<LayerwiseFile>(runPaths(dir).layerwiseOf(label), cli('analyze', dir));
}

export function writeLayerwise(dir: string, layerwise: LayerwiseFile): void {
  writeFileAtomic(runPaths(dir).layerwiseOf(layerwise.label), JSON.stringify(layerwise, null, 1) + '\n');
}

/**
 * results/relabelling.json: how much the paper's (continuous) treatment of the label depends on the
 * class numbering. R random relabellings of the classes (a seeded stream, recorded), each analysed like
 * the original at the re-training sizes. Per layer and size, for synergy (min Ω) and redundancy (max Ω):
 * - `original`: per seed, the extremum with the original numbering (as layerwise.json);
 * - `relabelled`: per seed, the extremum under each relabelling;
 * - `spread`: per seed, max − min of the extremum over the original and the R relabellings, with its
 *   mean and max over seeds (bits);
 * - `changed`: how many of the seeds × R relabellings select another multiplet than the original
 *   numbering (`count`, `of`, `fraction`).
 */
export interface RelabellingFile {
  units: 'bits';
  label: 'continuous';
  /** Relabelling r maps class c to relabellings[r][c]; drawn from `seed` (the run's data seed, stream `relabel`). */
  relabellings: number[][];
  seed: number;
  seeds: number[];
  sizes: number[];
  sizes_note: string;
  search: SearchPlan;
  /** Wall time of the relabelled analyses, summed over seeds and layers. */
  seconds: number;
  layers: { layer: string; sizes: ({ size: number } & Record<'synergy' | 'redundancy', RelabellingSpread>)[] }[];
}

export interface RelabellingSpread {
  original: number[];
  relabelled: number[][];
  spread: { per_seed: number[]; mean: number; max: number };
  changed: { count: number; of: number; fraction: number };
}

/** results/relabelling.json, or undefined before the analysis wrote it (older runs). */
export function readRelabellingIfPresent(dir: string): RelabellingFile | undefined {
  return readJsonIfPresent<RelabellingFile>(runPaths(dir).relabellingResults, cli('analyze', dir));
}

export function writeRelabellingResults(dir: string, file: RelabellingFile): void {
  writeFileAtomic(runPaths(dir).relabellingResults, JSON.stringify(file, null, 1) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Single-neuron baselines and selections: results/mi.json

/**
 * results/mi.json: per seed, each hidden unit's MI with the label (bits) and every method's selection;
 * `label`: the label treatment the synergy/redundancy selections follow (absent in older runs: continuous).
 */
export interface MiFile {
  units: 'bits';
  label?: LabelTreatment;
  seeds: Record<string, { layers: LayerMi; selections: Selection }>;
}

/** mi.json, or undefined before the mi stage ran. */
export function readMiFileIfPresent(dir: string): MiFile | undefined {
  return readJsonIfPresent<MiFile>(runPaths(dir).mi, cli('retrain', dir));
}

/** Whether mi.json holds every seed and every method, selected with the run's label treatment. */
export function miFileCurrent(file: MiFile | undefined, config: RunConfig): boolean {
  if (file === undefined || (file.label ?? 'continuous') !== config.label) return false;
  return config.seeds.every((seed) => String(seed) in file.seeds && METHODS.every((m) => m in file.seeds[String(seed)].selections));
}

/** Every seed's selections (seed → method → size → per layer units); mi.json must be current (miFileCurrent). */
export function readSelections(dir: string, config: RunConfig): Record<string, Selection> {
  const file = readJson<MiFile>(runPaths(dir).mi, cli('retrain', dir));
  if (!miFileCurrent(file, config))
    throw new OinfoInputError(`"${runPaths(dir).mi}" lacks seeds, methods or the label treatment ${config.label}; delete it and run \`${cli('retrain', dir)}\``);
  return Object.fromEntries(Object.entries(file.seeds).map(([seed, s]) => [seed, s.selections]));
}

export function writeMiFile(dir: string, file: MiFile): void {
  writeFileAtomic(runPaths(dir).mi, JSON.stringify(file) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Re-training: one file per size (resume unit), results/retrain.csv

const sizePath = (dir: string, config: RunConfig, k: number) => runPaths(dir).retrainSize(config.mode, config.retrainEpochs, k, config.label);

/** The rows of size k re-trained so far in the run's current mode, epochs and label treatment. */
export function readRetrainSize(dir: string, config: RunConfig, k: number): RetrainRow[] {
  return readJsonIfPresent<{ rows: RetrainRow[] }>(sizePath(dir, config, k), cli('retrain', dir))?.rows ?? [];
}

/** The (seed, method) pairs of size k not re-trained yet (a file of an older run may lack newer methods). */
export function retrainSizePending(dir: string, config: RunConfig, k: number): { seed: number; method: Method }[] {
  const done = new Set(readRetrainSize(dir, config, k).map((r) => `${r.seed}/${r.method}`));
  return config.seeds.flatMap((seed) => METHODS.filter((method) => !done.has(`${seed}/${method}`)).map((method) => ({ seed, method })));
}

/** Adds re-trained rows of size k to its file (the time adds up). */
export function writeRetrainSize(dir: string, config: RunConfig, k: number, result: { seconds: number; rows: RetrainRow[] }): void {
  const before = readJsonIfPresent<{ seconds: number; rows: RetrainRow[] }>(sizePath(dir, config, k), cli('retrain', dir));
  const merged = before ? { seconds: before.seconds + result.seconds, rows: [...before.rows, ...result.rows] } : result;
  writeFileAtomic(sizePath(dir, config, k), JSON.stringify(merged, null, 1) + '\n');
}

/** Every seed's re-training rows so far plus one `full` row per seed: the trained full network. */
export function collectRetrainRows(dir: string, config: RunConfig): RetrainRow[] {
  const width = config.architecture.widths[1];
  const rows = config.retrainSizes.flatMap((k) => readRetrainSize(dir, config, k));
  const order = (r: RetrainRow) => [r.seed, METHODS.indexOf(r.method as Method), r.size];
  rows.sort((a, b) => order(a).reduce((acc, x, i) => acc || x - order(b)[i], 0));
  // Size files are kept apart per epochs: rows written before they named their epochs take the file's.
  const retrained = rows.map((r) => ({ ...r, epochs: r.epochs ?? config.retrainEpochs }));
  return [
    ...retrained,
    ...config.seeds.map((seed) => ({ seed, method: 'full', size: width, mode: config.mode, epochs: config.epochs, test_accuracy: readMetrics(dir, seed).test_accuracy })),
  ];
}

/** The columns of results/retrain.csv (SPEC §6). */
export const RETRAIN_COLUMNS = ['seed', 'method', 'size', 'mode', 'epochs', 'test_accuracy'] as const;

export function retrainCsv(rows: RetrainRow[]): string {
  return [RETRAIN_COLUMNS.join(','), ...rows.map((r) => `${r.seed},${r.method},${r.size},${r.mode},${r.epochs ?? ''},${r.test_accuracy}`)].join('\n') + '\n';
}

/**
 * Rows of a retrain.csv, by its header: files written before the `epochs` column existed read with
 * `epochs` absent (or `defaultEpochs` when given).
 */
export function parseRetrainCsv(text: string, defaultEpochs?: number): RetrainRow[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = (header ?? '').split(',').map((c) => c.trim());
  const at = (name: string) => columns.indexOf(name);
  const missing = RETRAIN_COLUMNS.filter((c) => c !== 'epochs' && at(c) < 0);
  if (missing.length > 0) throw new OinfoInputError(`retrain.csv lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return lines.map((line) => {
    const cells = line.split(',');
    const epochs = at('epochs') >= 0 && cells[at('epochs')] !== '' ? Number(cells[at('epochs')]) : defaultEpochs;
    return {
      seed: Number(cells[at('seed')]),
      method: cells[at('method')],
      size: Number(cells[at('size')]),
      mode: cells[at('mode')],
      ...(epochs === undefined ? {} : { epochs }),
      test_accuracy: Number(cells[at('test_accuracy')]),
    };
  });
}

export function writeRetrainCsv(dir: string, rows: RetrainRow[]): void {
  writeFileAtomic(runPaths(dir).retrain, retrainCsv(rows));
}

/**
 * Every re-training setting (mode, epochs) with results in the folder, each with its rows so far (no
 * `full` rows): modes in RETRAIN_MODES order, then by epochs.
 */
export function collectRetrainGroups(dir: string): (RetrainGroup & { label: string; rows: RetrainRow[] })[] {
  const p = runPaths(dir);
  const files = existsSync(p.retrainSizeDir) ? readdirSync(p.retrainSizeDir) : [];
  const groups = new Map<string, RetrainGroup & { label: string; rows: RetrainRow[] }>();
  for (const name of files.sort()) {
    const m = p.retrainSizeName.exec(name);
    if (!m) continue;
    const [mode, epochs, label, k] = [m[1], Number(m[2]), m[3] ?? 'continuous', Number(m[4])];
    const key = `${mode}/${epochs}/${label}`;
    const group = groups.get(key) ?? groups.set(key, { mode, epochs, label, rows: [] }).get(key)!;
    group.rows.push(...(readJsonIfPresent<{ rows: RetrainRow[] }>(p.retrainSize(mode, epochs, k, label), cli('retrain', dir))?.rows ?? []));
  }
  const modeRank = (mode: string) => {
    const i = (RETRAIN_MODES as readonly string[]).indexOf(mode);
    return i < 0 ? RETRAIN_MODES.length : i;
  };
  return [...groups.values()].sort((a, b) => modeRank(a.mode) - modeRank(b.mode) || a.mode.localeCompare(b.mode) || a.epochs - b.epochs || a.label.localeCompare(b.label));
}

/** stats.json, or undefined when the statistics were not computed (yet). */
export function readStats(dir: string): StatsFile | undefined {
  return readJsonIfPresent<StatsFile>(runPaths(dir).stats, `oinfo report --out ${dir}`);
}

export function writeStats(dir: string, stats: StatsFile): void {
  writeFileAtomic(runPaths(dir).stats, JSON.stringify(stats, null, 1) + '\n');
}

/** Whether results/retrain.csv exists (the report then includes Figure 2). */
export const retrainWritten = (dir: string) => existsSync(runPaths(dir).retrain);
