/**
 * The pipeline's label treatments (SPEC §6, §7): Figure 1 with the label continuous (the paper's) and
 * discrete, the relabelling sensitivity, `--label` for Figure 2's selection, the -greedy methods, and
 * `--hidden N` with its exhaustive/beam plan — on a tiny IDX set with 8-unit hidden layers.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { search } from '../src/api/search.js';
import { readIdx } from '../src/data/idx.js';
import { OinfoOptionError } from '../src/errors.js';
import { readNpy } from '../src/io/npy.js';
import { openRun, readConfig, settingsFrom } from '../src/pipeline/config.js';
import { type Reporter, silentReporter } from '../src/pipeline/reporter.js';
import { reproduce, runStage } from '../src/pipeline/reproduce.js';
import type { LayerwiseFile, MiFile, RelabellingFile } from '../src/pipeline/runFiles.js';
import { neuronNames, runPaths } from '../src/pipeline/runFolder.js';
import { binomial, searchPlan } from '../src/pipeline/searchPlan.js';
import { METHODS } from '../src/pipeline/selection.js';
import { analyzeStage } from '../src/pipeline/stageAnalyze.js';
import { figure2Spec } from '../src/report/figure2.js';
import { oinfo } from './helpers/cli.js';
import { writeTinyImageSet } from './helpers/tinyImages.js';

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const units = (vars: string[]) => vars.map((v) => Number(v.slice(1))).sort((a, b) => a - b);

describe('the analysis plan: exhaustive while C(N, k) ≤ budget, beam above', () => {
  it('N = 100 (the paper’s future work) is exhaustive to k = 5 and beam search above; the paper’s greedy follows', () => {
    const plan = searchPlan(100, 20, 6);
    expect(plan.exhaustiveMax).toBe(5);
    expect(plan.greedyExhaustiveMax).toBe(5);
    expect(plan.beam).toBeGreaterThan(1);
    expect(binomial(100, 5)).toBe(75_287_520);
    expect(binomial(100, 5)).toBeLessThanOrEqual(plan.budget);
    expect(binomial(100, 6)).toBeGreaterThan(plan.budget);
    const settings = settingsFrom({ hidden: 100 });
    expect(settings.architecture.widths).toEqual([784, 100, 100, 100, 10]);
    expect(settings.analysisPlan).toEqual(plan);
    expect(settings.maxSize).toBe(20);
  });

  it('N = 20 (the paper’s network) is exhaustive at every size, with the paper’s greedy exhaustive to 6', () => {
    const settings = settingsFrom({});
    expect(settings.architecture.widths).toEqual([784, 20, 20, 20, 10]);
    expect(settings.analysisPlan).toMatchObject({ exhaustiveMax: 20, greedyExhaustiveMax: 6 });
    expect(searchPlan(8, 8, 6, 30)).toMatchObject({ exhaustiveMax: 2, greedyExhaustiveMax: 2 }); // C(8, 3) = 56 > 30
  });

  it('--hidden and --label are checked once, with the option’s name', () => {
    for (const hidden of [1, 1001, 2.5]) expect(() => settingsFrom({ hidden })).toThrow(/^hidden must be an integer from 2 to 1,000/);
    expect(() => settingsFrom({ label: 'ordinal' as never })).toThrow(OinfoOptionError);
    expect(() => settingsFrom({ label: 'ordinal' as never })).toThrow('label must be one of continuous, discrete, got "ordinal"');
    expect(() => settingsFrom({ mode: 'prune-all' as never })).toThrow('mode must be one of prune, freeze-init, freeze-trained, got "prune-all"');
    expect(settingsFrom({ label: 'discrete' }).label).toBe('discrete');
  });

  it('the CLI names the flag in one line, exit 2', () => {
    const out = join(tmpdir(), 'oinfo-never-made');
    for (const [args, message] of [
      [['--hidden', '1001'], 'oinfo: --hidden must be an integer from 2 to 1,000, got 1001\n'],
      [['--label', 'ordinal'], 'oinfo: --label must be one of continuous, discrete, got "ordinal"\n'],
    ] as const) {
      const r = oinfo(['reproduce', ...args, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toBe(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('a run folder made before the label treatments and --hidden', () => {
  it('reads as the paper’s settings, and the next open records them in config.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oinfo-old-run-'));
    const request = { dataset: 'fashion-mnist', seeds: 2, epochs: 3 };
    const made = openRun(dir, request);
    const path = runPaths(dir).config;
    const { label, exhaustiveBudget, analysisPlan, relabellings, ...old } = readJson<typeof made>(path);
    expect([label, exhaustiveBudget, analysisPlan.exhaustiveMax, relabellings]).toEqual(['continuous', 1e8, 20, 5]);
    writeFileSync(path, JSON.stringify(old));
    expect(readConfig(dir)).toEqual(made);
    expect(openRun(dir, request)).toEqual(made);
    expect(readJson(path)).toEqual(made);
    rmSync(dir, { recursive: true });
  });
});

describe('Figure 2 draws the seven methods', () => {
  it('each method has its own colour, in METHODS order', () => {
    const rows = METHODS.flatMap((method, m) => [1, 2].flatMap((seed) => [2, 4].map((size) => ({ seed, method, size, mode: 'prune', test_accuracy: 0.5 + 0.01 * m }))));
    const spec = JSON.stringify(figure2Spec(rows, { mode: 'prune', epochs: 1 }));
    const scale = /"scale":\{"domain":(\[[^\]]*\]),"range":(\[[^\]]*\])/.exec(spec)!;
    expect(JSON.parse(scale[1])).toEqual([...METHODS]);
    expect(new Set(JSON.parse(scale[2])).size).toBe(METHODS.length);
  });
});

describe('reproduce --hidden 8 on a tiny IDX set: both label treatments, relabellings, greedy methods', () => {
  let root: string;
  let images: string;
  let dir: string;
  let continuous: LayerwiseFile;
  let discrete: LayerwiseFile;
  let relabelling: RelabellingFile;
  // Budget 30: C(8, 2) = 28 multiplets are searched exhaustively, size 3 (56) and above by beam search.
  const request = (dataset: string) => ({ dataset, seeds: 2, epochs: 2, retrainEpochs: 1, hidden: 8, exhaustiveBudget: 30 });
  let labels: Uint8Array;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'oinfo-label-'));
    images = writeTinyImageSet(join(root, 'images'));
    labels = readIdx(join(images, 't10k-labels-idx1-ubyte')).data as Uint8Array;
    dir = join(root, 'run');
    await reproduce(dir, request(images), silentReporter);
    continuous = readJson(runPaths(dir).layerwise);
    discrete = readJson(runPaths(dir).layerwiseOf('discrete'));
    relabelling = readJson(runPaths(dir).relabellingResults);
  });

  it('the report names the architecture when it is not the paper’s', () => {
    expect(readFileSync(runPaths(dir).report, 'utf8')).toMatch(/<h1>O-information of a trained MLP — [^<]*, 784-8-8-8-10<\/h1>/);
  });

  it('config.json records the architecture, the budget and the plan', () => {
    const config = readConfig(dir);
    expect(config.architecture.widths).toEqual([784, 8, 8, 8, 10]);
    expect(config.maxSize).toBe(8);
    expect(config.exhaustiveBudget).toBe(30);
    expect(config.analysisPlan).toMatchObject({ width: 8, budget: 30, exhaustiveMax: 2, greedyExhaustiveMax: 2 });
    expect(config.label).toBe('continuous');
    expect(config.retrainSizes).toEqual([2, 4, 6, 8]);
  });

  it('layerwise.json and layerwise-discrete.json say what was exhaustive and what greedy', () => {
    for (const [file, label] of [
      [continuous, 'continuous'],
      [discrete, 'discrete'],
    ] as const) {
      expect(file.label).toBe(label);
      expect(file.search).toMatchObject({ exhaustiveMax: 2, budget: 30 });
      expect(file.layers.map((l) => l.layer)).toEqual(['fc1', 'fc2', 'fc3']);
      for (const layer of file.layers) {
        expect(layer.sizes.map((s) => s.size)).toEqual([2, 3, 4, 5, 6, 7, 8]);
        expect(layer.sizes.map((s) => s.search)).toEqual(['exhaustive', 'beam', 'beam', 'beam', 'beam', 'beam', 'beam']);
        expect(layer.sizes.map((s) => s.greedy_search)).toEqual(['exhaustive', 'greedy', 'greedy', 'greedy', 'greedy', 'greedy', 'greedy']);
        for (const s of layer.sizes) {
          expect(s.synergy.per_seed).toHaveLength(2);
          s.synergy.per_seed.forEach((v, i) => expect(v).toBeLessThanOrEqual(s.greedy.synergy.per_seed[i] + 1e-12)); // beam B = 10 ⊇ greedy B = 1
        }
      }
    }
  });

  it('the discrete analysis equals a direct engine call with the discrete target, and differs from the continuous one', async () => {
    const table = readNpy(runPaths(dir).activations(1, 'fc3'));
    const data = prepare({ names: [...neuronNames(8), 'y'], nSamples: 200, columns: [...table.columns, Float64Array.from(labels)] });
    const direct = await search(data, { target: 'y', targetKind: 'discrete', minSize: 2, maxSize: 2, top: 1 });
    const entry = discrete.layers[2].sizes[0];
    expect(entry.synergy.per_seed[0]).toBe(direct.sizes[0].synergy[0].oinfo);
    expect(entry.redundancy.multiplets[0]).toEqual(direct.sizes[0].redundancy[0].vars);
    expect(entry.synergy.per_seed[0]).not.toBe(continuous.layers[2].sizes[0].synergy.per_seed[0]);
  });

  it('relabelling.json: recorded permutations, the original as layerwise.json, spreads and changes as defined', async () => {
    expect(relabelling.relabellings).toHaveLength(5);
    for (const perm of relabelling.relabellings) expect([...perm].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(relabelling.sizes).toEqual([2, 4, 6, 8]);
    expect(relabelling.sizes_note).toMatch(/re-training sizes/);
    expect(relabelling.seconds).toBeGreaterThan(0);
    let changed = 0;
    for (const [l, layer] of relabelling.layers.entries()) {
      expect(layer.sizes.map((s) => s.size)).toEqual([2, 4, 6, 8]);
      for (const s of layer.sizes) {
        const original = continuous.layers[l].sizes.find((x) => x.size === s.size)!;
        expect(s.synergy.original).toEqual(original.synergy.per_seed);
        expect(s.redundancy.original).toEqual(original.redundancy.per_seed);
        for (const kind of ['synergy', 'redundancy'] as const) {
          const x = s[kind];
          expect(x.relabelled.map((r) => r.length)).toEqual([5, 5]);
          x.spread.per_seed.forEach((v, i) => expect(v).toBeCloseTo(Math.max(x.original[i], ...x.relabelled[i]) - Math.min(x.original[i], ...x.relabelled[i]), 14));
          expect(x.changed.of).toBe(10);
          expect(x.changed.fraction).toBe(x.changed.count / 10);
          changed += x.changed.count;
        }
      }
    }
    expect(changed).toBeGreaterThan(0); // the continuous treatment depends on the class numbering
    const pct = ((100 * changed) / (3 * 4 * 2 * 10)).toFixed(0);
    expect(readFileSync(runPaths(dir).report, 'utf8')).toContain(`5 random renumberings of the classes change the selected multiplet in ${pct}% of cases`);
    // A relabelled value is the engine's on the relabelled classes.
    const perm = relabelling.relabellings[3];
    const table = readNpy(runPaths(dir).activations(2, 'fc1'));
    const data = prepare({ names: [...neuronNames(8), 'y'], nSamples: 200, columns: [...table.columns, Float64Array.from(labels, (c) => perm[c])] });
    const direct = await search(data, { target: 'y', targetKind: 'continuous', minSize: 2, maxSize: 2, top: 1 });
    expect(relabelling.layers[0].sizes[0].redundancy.relabelled[1][3]).toBe(direct.sizes[0].redundancy[0].oinfo);
  });

  it('re-trains the seven methods; the -greedy ones select what the paper’s greedy found', () => {
    const rows = readFileSync(runPaths(dir).retrain, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2 * 7 * 4 + 2);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([...METHODS, 'full']));
    const mi = readJson<MiFile>(runPaths(dir).mi);
    expect(mi.label).toBe('continuous');
    const at = (l: number, k: number) => continuous.layers[l].sizes.find((s) => s.size === k)!;
    expect(mi.seeds['2'].selections['synergy-greedy'][6]).toEqual([0, 1, 2].map((l) => units(at(l, 6).greedy.synergy.multiplets[1])));
    expect(mi.seeds['1'].selections['redundancy-greedy'][4]).toEqual([0, 1, 2].map((l) => units(at(l, 4).greedy.redundancy.multiplets[0])));
    expect(mi.seeds['1'].selections.synergy[4]).toEqual([0, 1, 2].map((l) => units(at(l, 4).synergy.multiplets[0])));
  });

  it('--label discrete re-does the selection and re-training apart; back to continuous re-trains nothing', async () => {
    const p = runPaths(dir);
    const continuousFile = p.retrainSize('prune', 1, 4);
    const before = statSync(continuousFile).mtimeMs;
    await runStage('retrain', dir, silentReporter, undefined, { label: 'discrete' });
    expect(readConfig(dir).label).toBe('discrete');
    const mi = readJson<MiFile>(p.mi);
    expect(mi.label).toBe('discrete');
    const at = (l: number, k: number) => discrete.layers[l].sizes.find((s) => s.size === k)!;
    expect(mi.seeds['1'].selections.synergy[4]).toEqual([0, 1, 2].map((l) => units(at(l, 4).synergy.multiplets[0])));
    expect(existsSync(p.retrainSize('prune', 1, 4, 'discrete'))).toBe(true);
    expect(statSync(continuousFile).mtimeMs).toBe(before);
    const said: string[] = [];
    const reporter: Reporter = { ...silentReporter, info: (m) => said.push(m) };
    await runStage('retrain', dir, reporter, undefined, { label: 'continuous' });
    expect(said.join('\n')).toMatch(/already re-trained \(mode prune, 1 epochs, label continuous\)/);
    expect(readJson<MiFile>(p.mi).label).toBe('continuous');
  });

  it('a size file from before the -greedy methods re-trains only them, and only where they select other units', async () => {
    const p = runPaths(dir);
    const selections = readJson<MiFile>(p.mi).seeds;
    const files = [2, 4].map((k) => {
      const path = p.retrainSize('prune', 1, k);
      const file = readJson<{ seconds: number; rows: { seed: number; method: string; test_accuracy: number }[] }>(path);
      writeFileSync(path, JSON.stringify({ ...file, rows: file.rows.filter((r) => !r.method.endsWith('-greedy')) }));
      return { k, path, file };
    });
    // Up to greedyExhaustiveMax (here 2) the paper's greedy is exhaustive: the same units as synergy / redundancy.
    const selectedAt = (seed: string, method: string, k: number) => JSON.stringify(selections[seed].selections[method as 'synergy'][k]);
    const fresh = new Set(
      ['1', '2'].flatMap((seed) =>
        ['synergy-greedy', 'redundancy-greedy']
          .map((m) => `${seed}/${selectedAt(seed, m, 4)}`)
          .filter((key) => !['synergy', 'redundancy', 'random', 'gcmi-mixture', 'gcmi-model'].some((m) => key === `${key.split('/')[0]}/${selectedAt(key.split('/')[0], m, 4)}`)),
      ),
    ).size;
    const said: string[] = [];
    await runStage('retrain', dir, { ...silentReporter, info: (m) => said.push(m) });
    expect(said.join('\n')).toContain(`retrain: ${fresh} sub-networks (2 seeds × 7 methods × sizes 2, 4, selected with the label continuous; ${8 - fresh} more select the same units`);
    for (const { k, path, file } of files) {
      const rows = readJson<typeof file>(path).rows;
      expect(rows).toHaveLength(2 * 7);
      if (k === 2)
        for (const r of rows.filter((r) => r.method.endsWith('-greedy')))
          expect(r.test_accuracy).toBe(rows.find((x) => x.seed === r.seed && x.method === r.method.replace('-greedy', ''))!.test_accuracy);
    }
  });

  it('an analysis stopped midway resumes without redoing finished seeds and treatments', async () => {
    const p = runPaths(dir);
    const config = readConfig(dir);
    rmSync(p.analysis(2, 'discrete'));
    rmSync(p.relabelling(1));
    rmSync(p.relabelling(2));
    const kept = [p.analysis(1), p.analysis(2), p.analysis(1, 'discrete')].map((f) => statSync(f).mtimeMs);
    const controller = new AbortController();
    const stopping: Reporter = { ...silentReporter, progress: (_label, done) => done === 4 && controller.abort() };
    await expect(analyzeStage(dir, config, stopping, controller.signal)).rejects.toThrow(/interrupt|abort/i);
    // The discrete treatment of seed 2 (3 layers) and seed 1's relabelling of fc1 were done before the stop.
    expect(Object.keys(readJson(p.analysis(2, 'discrete')))).toEqual(['fc1', 'fc2', 'fc3']);
    expect(Object.keys(readJson(p.relabelling(1)))).toEqual(['fc1']);
    expect(existsSync(p.relabelling(2))).toBe(false);
    const discreteSeed2 = statSync(p.analysis(2, 'discrete')).mtimeMs;
    const analysed: string[] = [];
    await analyzeStage(dir, config, { ...silentReporter, progress: (_label, _done, _total, detail) => analysed.push(detail ?? '') });
    expect(analysed).toEqual(['seed 1 fc2 relabelling', 'seed 1 fc3 relabelling', 'seed 2 fc1 relabelling', 'seed 2 fc2 relabelling', 'seed 2 fc3 relabelling']);
    expect([p.analysis(1), p.analysis(2), p.analysis(1, 'discrete')].map((f) => statSync(f).mtimeMs)).toEqual(kept);
    expect(statSync(p.analysis(2, 'discrete')).mtimeMs).toBe(discreteSeed2);
    expect({ ...readJson<RelabellingFile>(p.relabellingResults), seconds: 0 }).toEqual({ ...relabelling, seconds: 0 });
    expect(readJson(p.layerwiseOf('discrete'))).toEqual(discrete);
  });

  it('resuming with another --hidden is refused; the retrain command keeps the recorded one', () => {
    expect(() => openRun(dir, { ...request(images), hidden: 9 })).toThrow(/other settings: maxSize 8 \(now 9\), architecture/);
    const r = oinfo(['retrain', '--out', dir, '--label', 'discrete']);
    expect(r.code, r.stderr).toBe(0);
    const bad = oinfo(['retrain', '--out', dir, '--label', 'nominal']);
    expect(bad.stderr).toBe('oinfo: --label must be one of continuous, discrete, got "nominal"\n');
  });
});
