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
import type { Layerwise, RetrainRow, StatsFile } from '../report/types.js';
import { writeFileAtomic } from '../util/atomicWrite.js';
import { RETRAIN_MODES, type RunConfig } from './config.js';
import { runPaths } from './runFolder.js';
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

export function readConfig(dir: string): RunConfig {
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
  /** Per size k (index k − 2): exhaustive and greedy extremes. */
  sizes: {
    size: number;
    synergy: Best;
    redundancy: Best;
    greedy: { synergy: Best; redundancy: Best };
    /** Multiplets of this size each search evaluated (absent in older analyses). */
    evaluated?: { exhaustive: number; greedy: number };
  }[];
  evaluated: number;
  seconds: number;
}

/** analysis.json of a seed: layer name → analysis (layers appear as they are done). */
export type SeedAnalysis = Record<string, SeedLayerAnalysis>;

export function readSeedAnalysis(dir: string, seed: number): SeedAnalysis {
  return readJsonIfPresent<SeedAnalysis>(runPaths(dir).analysis(seed), cli('analyze', dir)) ?? {};
}

export function writeLayerAnalysis(dir: string, seed: number, layer: string, analysis: SeedLayerAnalysis): void {
  const all = readSeedAnalysis(dir, seed);
  all[layer] = analysis;
  writeFileAtomic(runPaths(dir).analysis(seed), JSON.stringify(all) + '\n');
}

/** Stops `stage` when some seed lacks the analysis of a hidden layer (or is not trained). */
export function requireAnalysed(dir: string, config: RunConfig, stage: string): void {
  requireTrained(dir, config, stage);
  const layers = hiddenLayerNames(config.architecture);
  const pending = config.seeds.filter((seed) => {
    const analysis = readSeedAnalysis(dir, seed);
    return !layers.every((layer) => layer in analysis);
  });
  if (pending.length > 0) throw new OinfoInputError(`${stage}: ${seedList(pending)} not analysed yet; run \`${cli('analyze', dir)}\` first`);
}

export function readLayerwise(dir: string): Layerwise {
  return readJson<Layerwise>(runPaths(dir).layerwise, cli('analyze', dir));
}

export function writeLayerwise(dir: string, layerwise: Layerwise): void {
  writeFileAtomic(runPaths(dir).layerwise, JSON.stringify(layerwise, null, 1) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Single-neuron baselines and selections: results/mi.json

/** results/mi.json: per seed, each hidden unit's MI with the label (bits) and every method's selection. */
export interface MiFile {
  units: 'bits';
  seeds: Record<string, { layers: LayerMi; selections: Selection }>;
}

/** mi.json, or undefined before the mi stage ran. */
export function readMiFileIfPresent(dir: string): MiFile | undefined {
  return readJsonIfPresent<MiFile>(runPaths(dir).mi, cli('retrain', dir));
}

/** Every seed's selections (seed → method → size → per layer units); each seed of the run must be there. */
export function readSelections(dir: string, config: RunConfig): Record<string, Selection> {
  const file = readJson<MiFile>(runPaths(dir).mi, cli('retrain', dir));
  const missing = config.seeds.filter((seed) => !(String(seed) in file.seeds));
  if (missing.length > 0)
    throw new OinfoInputError(`"${runPaths(dir).mi}" lacks seeds ${missing.join(', ')}; delete it and run \`${cli('retrain', dir)}\``);
  return Object.fromEntries(Object.entries(file.seeds).map(([seed, s]) => [seed, s.selections]));
}

export function writeMiFile(dir: string, file: MiFile): void {
  writeFileAtomic(runPaths(dir).mi, JSON.stringify(file) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Re-training: one file per size (resume unit), results/retrain.csv

const sizePath = (dir: string, config: RunConfig, k: number) => runPaths(dir).retrainSize(config.mode, config.retrainEpochs, k);

/** Whether size k is re-trained in the run's current mode and re-training epochs. */
export function retrainSizeDone(dir: string, config: RunConfig, k: number): boolean {
  return existsSync(sizePath(dir, config, k));
}

export function writeRetrainSize(dir: string, config: RunConfig, k: number, result: { seconds: number; rows: RetrainRow[] }): void {
  writeFileAtomic(sizePath(dir, config, k), JSON.stringify(result, null, 1) + '\n');
}

/** Every seed's re-training rows so far plus one `full` row per seed: the trained full network. */
export function collectRetrainRows(dir: string, config: RunConfig): RetrainRow[] {
  const width = config.architecture.widths[1];
  const rows = config.retrainSizes.flatMap((k) => readJsonIfPresent<{ rows: RetrainRow[] }>(sizePath(dir, config, k), cli('retrain', dir))?.rows ?? []);
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
export function collectRetrainGroups(dir: string): { mode: string; epochs: number; rows: RetrainRow[] }[] {
  const p = runPaths(dir);
  const files = existsSync(p.retrainSizeDir) ? readdirSync(p.retrainSizeDir) : [];
  const groups = new Map<string, { mode: string; epochs: number; rows: RetrainRow[] }>();
  for (const name of files.sort()) {
    const m = p.retrainSizeName.exec(name);
    if (!m) continue;
    const [mode, epochs, k] = [m[1], Number(m[2]), Number(m[3])];
    const group = groups.get(`${mode}/${epochs}`) ?? groups.set(`${mode}/${epochs}`, { mode, epochs, rows: [] }).get(`${mode}/${epochs}`)!;
    group.rows.push(...(readJsonIfPresent<{ rows: RetrainRow[] }>(p.retrainSize(mode, epochs, k), cli('retrain', dir))?.rows ?? []));
  }
  const modeRank = (mode: string) => {
    const i = (RETRAIN_MODES as readonly string[]).indexOf(mode);
    return i < 0 ? RETRAIN_MODES.length : i;
  };
  return [...groups.values()].sort((a, b) => modeRank(a.mode) - modeRank(b.mode) || a.mode.localeCompare(b.mode) || a.epochs - b.epochs);
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
