/** The paper's pipeline on a tiny image set the test writes: train, extract, analyse, resume. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { search } from '../src/api/search.js';
import { readNpy } from '../src/io/npy.js';
import { loadParams } from '../src/nn/params.js';
import { openRun } from '../src/pipeline/config.js';
import { type Reporter, silentReporter } from '../src/pipeline/reporter.js';
import { reproduce } from '../src/pipeline/reproduce.js';
import { neuronNames, runPaths } from '../src/pipeline/runFolder.js';
import type { Layerwise } from '../src/report/types.js';
import { readMetrics } from '../src/pipeline/runFiles.js';
import { trainStage } from '../src/pipeline/stageTrain.js';
import { readIdx } from '../src/data/idx.js';
import { packageVersion } from '../src/util/packageRoot.js';
import { oinfo, REPO } from './helpers/cli.js';
import { writeTinyImageSet } from './helpers/tinyImages.js';

let root: string;
let images: string;
const request = (dataset: string) => ({ dataset, seeds: 2, epochs: 3, maxSize: 20 });

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'oinfo-pipeline-'));
  images = writeTinyImageSet(join(root, 'images'));
});

/** Runs the CLI on a user's mistake: exit 2 and one line `oinfo: …` on stderr, no stack trace. */
function userError(args: string[]): string {
  const r = oinfo(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^oinfo: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return r.stderr;
}

describe('reproduce on a tiny IDX set', () => {
  let dir: string;
  let layerwise: Layerwise;

  beforeAll(async () => {
    dir = join(root, 'run');
    await reproduce(dir, request(images), silentReporter);
    layerwise = JSON.parse(readFileSync(runPaths(dir).layerwise, 'utf8'));
  });

  it('training reduces the loss and learns the classes', () => {
    for (const seed of [1, 2]) {
      const m = readMetrics(dir, seed);
      expect(m.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
      expect(m.history[2].loss).toBeLessThan(m.history[0].loss);
      expect(m.test_accuracy).toBeGreaterThan(0.3); // chance is 0.1
      // The final weights on the training split, not the last epoch's running minibatch mean.
      expect(m.train_accuracy_kind).toBe('final');
      expect(m.train_accuracy).toBeGreaterThan(0.3);
      expect(m.train_accuracy).toBeLessThanOrEqual(1);
    }
  });

  it('keeps θ₀ and θ of every seed, and θ₀ is the seed’s Glorot draw', () => {
    const p = runPaths(dir);
    const theta0 = loadParams(p.theta0(1));
    const theta = loadParams(p.theta(1));
    expect(theta0.map((l) => [l.name, l.fanIn, l.fanOut])).toEqual([
      ['fc1', 784, 20],
      ['fc2', 20, 20],
      ['fc3', 20, 20],
      ['fc4', 20, 10],
    ]);
    const limit = Math.sqrt(6 / (784 + 20));
    expect(Math.max(...theta0[0].w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(theta0[0].b.every((b) => b === 0)).toBe(true);
    expect(theta[0].w).not.toEqual(theta0[0].w);
    expect(loadParams(p.theta0(2))[0].w).not.toEqual(theta0[0].w);
  });

  it('extracts pre-activations of fc1…fc3 on the test split (float32 .npy, n × 20)', () => {
    for (const layer of ['fc1', 'fc2', 'fc3']) {
      const t = readNpy(runPaths(dir).activations(1, layer));
      expect(t.nSamples).toBe(200);
      expect(t.names).toHaveLength(20);
    }
    // Pre-activations, not ReLU outputs: some are negative.
    expect(readNpy(runPaths(dir).activations(1, 'fc2')).columns.some((c) => c.some((v) => v < 0))).toBe(true);
  });

  it('the analysis equals a direct engine call', async () => {
    const table = readNpy(runPaths(dir).activations(2, 'fc2'));
    const labels = readIdx(join(images, 't10k-labels-idx1-ubyte')).data;
    const data = prepare({ names: [...neuronNames(20), 'y'], nSamples: 200, columns: [...table.columns, Float64Array.from(labels)] });
    const direct = await search(data, { target: 'y', targetKind: 'continuous', minSize: 5, maxSize: 5, exhaustiveMax: 20, top: 1 });
    const entry = layerwise.layers[1].sizes.find((s) => s.size === 5)!;
    expect(entry.synergy.per_seed[1]).toBe(direct.sizes[0].synergy[0].oinfo);
    expect(entry.synergy.multiplets[1]).toEqual(direct.sizes[0].synergy[0].vars);
    expect(entry.redundancy.per_seed[1]).toBe(direct.sizes[0].redundancy[0].oinfo);
  });

  it('layerwise.json has every layer and size 2…20, mean ± sd over seeds; exhaustive beats greedy', () => {
    expect(layerwise.layers.map((l) => l.layer)).toEqual(['fc1', 'fc2', 'fc3']);
    for (const layer of layerwise.layers) {
      expect(layer.sizes.map((s) => s.size)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
      for (const s of layer.sizes) {
        expect(s.synergy.per_seed).toHaveLength(2);
        expect(s.synergy.mean).toBeCloseTo((s.synergy.per_seed[0] + s.synergy.per_seed[1]) / 2, 12);
        expect(s.synergy.sd).toBeCloseTo(Math.abs(s.synergy.per_seed[0] - s.synergy.per_seed[1]) / Math.SQRT2, 12);
        s.synergy.per_seed.forEach((v, i) => expect(v).toBeLessThanOrEqual(s.greedy.synergy.per_seed[i]));
        s.redundancy.per_seed.forEach((v, i) => expect(v).toBeGreaterThanOrEqual(s.greedy.redundancy.per_seed[i]));
        if (s.size <= 6) expect(s.greedy.synergy.per_seed).toEqual(s.synergy.per_seed);
        expect(s.synergy.multiplets[0]).toHaveLength(s.size);
        // Multiplets evaluated: all C(20, k) exhaustively; the greedy's the same up to 6, above it one
        // extension of the best synergy and of the best redundancy multiplet by each remaining neuron.
        const choose = Array.from({ length: s.size }, (_, i) => (20 - i) / (i + 1)).reduce((a, b) => a * b, 1);
        expect(s.multiplets_evaluated!.search).toBe(Math.round(choose));
        if (s.size <= 6) expect(s.multiplets_evaluated!.greedy).toBe(s.multiplets_evaluated!.search);
        else expect(s.multiplets_evaluated!.greedy).toBeLessThanOrEqual(2 * (21 - s.size));
        expect(s.multiplets_evaluated!.greedy).toBeGreaterThan(0);
      }
    }
  });

  it('re-trains every method × size × seed and writes retrain.csv with full rows', () => {
    const lines = readFileSync(runPaths(dir).retrain, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seed,method,size,mode,epochs,test_accuracy');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(2 * 7 * 6 + 2);
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['synergy', 'redundancy', 'synergy-greedy', 'redundancy-greedy', 'random', 'gcmi-mixture', 'gcmi-model', 'full']));
    expect(rows.filter((r) => r[1] === 'full').map((r) => r[2])).toEqual(['20', '20']);
    for (const r of rows) {
      expect(r[3]).toBe('prune');
      expect(r[4]).toBe('3'); // re-training epochs = training epochs here
      expect(Number(r[5])).toBeGreaterThanOrEqual(0);
      expect(Number(r[5])).toBeLessThanOrEqual(1);
    }
    const mi = JSON.parse(readFileSync(runPaths(dir).mi, 'utf8'));
    expect(mi.seeds['1'].layers.fc1.model).toHaveLength(20);
    expect(mi.seeds['2'].selections.synergy['4']).toEqual(
      ['fc1', 'fc2', 'fc3'].map((_, l) => layerwise.layers[l].sizes.find((s) => s.size === 4)!.synergy.multiplets[1].map((n) => Number(n.slice(1))).sort((a, b) => a - b)),
    );
  });

  it('writes figure 1, figure 2 and report.html', () => {
    for (const f of ['figure1.svg', 'figure1-discrete.svg', 'figure2.svg']) expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^<svg/);
    for (const f of ['figure1.png', 'figure1-discrete.png', 'figure2.png']) expect(readFileSync(join(dir, f)).subarray(1, 4).toString()).toBe('PNG');
    // Figure 1b draws the discrete target's numbers, not the continuous ones again.
    expect(readFileSync(join(dir, 'figure1-discrete.svg'), 'utf8')).not.toBe(readFileSync(join(dir, 'figure1.svg'), 'utf8'));
    const html = readFileSync(runPaths(dir).report, 'utf8');
    expect(html).toContain('id="figure1-discrete"');
    expect(html).toMatch(/fc1 is redundancy-dominated \(label as a discrete target\)/);
    expect(html).toContain('Figure 1');
    expect(html).toContain('Figure 2');
    expect(html).toMatch(/redundancy-dominated|synergy-dominated/);
    // Two seeds decide nothing: the findings say so instead of a verdict.
    expect(html).toMatch(/<tr><td>[^<]*synergy beats random \(prune, 3 epochs\)<\/td><td>[^<]*<\/td><td class="verdict undecided">too small to decide<\/td><td>2 seeds are too few to decide/);
    expect(html).not.toMatch(/class="verdict (holds|partly|fails)"/);
  });

  it('writes results/stats.json: every method against random, paired over both seeds', () => {
    const stats = JSON.parse(readFileSync(runPaths(dir).stats, 'utf8'));
    expect(stats.groups.map((g: { mode: string; epochs: number }) => [g.mode, g.epochs])).toEqual([['prune', 3]]);
    const c = stats.groups[0].comparisons.find((x: { method: string; versus: string; size: number }) => x.method === 'synergy' && x.versus === 'random' && x.size === 4);
    expect(c.n).toBe(2);
    expect(c.wins + c.losses + c.ties).toBe(2);
    expect(stats.groups[0].chance).toHaveLength(7 * 6); // 7 methods (with the greedy variants) × 6 sizes
  });

  it('`oinfo report` started elsewhere links files relative to report.html, and names version, paper and train accuracy', () => {
    // The CLI runs in the repository; the run folder is given relative to it.
    const rel = relative(REPO, dir);
    expect(rel.startsWith('..') || !rel.startsWith('/')).toBe(true);
    const r = oinfo(['report', '--out', rel]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(runPaths(dir).report, 'utf8');
    const targets = [...html.matchAll(/\s(?:href|src)="([^"#][^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
    expect(targets).toEqual(
      expect.arrayContaining(['figure1.png', 'figure1.svg', 'figure2.png', 'figure2.svg', 'results/layerwise.json', 'results/mi.json', 'results/retrain.csv', 'results/stats.json']),
    );
    for (const t of targets) expect(existsSync(join(dir, t)), t).toBe(true);
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/Figure (\d)\.\s*Figure \1\./);
    expect(text).toContain(`oinfo ${packageVersion()}`);
    expect(text).toMatch(/Clauw, S\. Stramaglia, D\. Marinazzo \(2022\).*Higher-order mutual information reveals synergistic sub-networks for multi-neuron importance.*arXiv:2211\.00416/);
    expect(html).toContain('<th class="num">Train accuracy</th>');
    expect(text).toMatch(/mean train accuracy/);
    expect(html).not.toContain('class="warning"');
  });

  it('a quick run says prominently that it is too small to decide anything; its statistics are drawn and tabulated', () => {
    const copy = join(root, 'quick-copy');
    cpSync(dir, copy, { recursive: true });
    const config = JSON.parse(readFileSync(runPaths(copy).config, 'utf8'));
    writeFileSync(runPaths(copy).config, JSON.stringify({ ...config, quick: true }));
    const r = oinfo(['report', '--out', copy]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(runPaths(copy).report, 'utf8');
    const warning = /<p class="warning" role="alert">(.*?)<\/p>/s.exec(html);
    expect(warning?.[1]).toMatch(/quick run.*too small to decide anything/s);
    // Prominent: right under the title, before the settings.
    expect(html.indexOf('class="warning"')).toBeLessThan(html.indexOf('id="settings"'));
    // stats.json (written by the report stage) as a table and as Figure 2's panel B; verdicts as a table.
    expect(html).toContain('id="statistics"');
    expect(html).toContain('<th colspan="9" scope="rowgroup">synergy vs random</th>');
    expect(html).toContain('href="results/stats.json"');
    expect(readFileSync(join(copy, 'figure2.svg'), 'utf8')).toContain('B. Paired difference from random');
    expect(html).toMatch(/<table class="verdicts">[\s\S]*too small to decide/);
  });

  it('a re-run skips finished seeds and stages', async () => {
    const p = runPaths(dir);
    const before = [statSync(p.theta(1)).mtimeMs, statSync(p.analysis(1)).mtimeMs];
    const said: string[] = [];
    const reporter: Reporter = { ...silentReporter, info: (m) => said.push(m) };
    const started = performance.now();
    await reproduce(dir, request(images), reporter);
    expect(performance.now() - started).toBeLessThan(5000);
    expect([statSync(p.theta(1)).mtimeMs, statSync(p.analysis(1)).mtimeMs]).toEqual(before);
    expect(said.join('\n')).toMatch(/already trained/);
    expect(said.join('\n')).toMatch(/already analysed/);
    expect(said.join('\n')).toMatch(/already re-trained/);
  });

  it('a size written before a method existed re-trains only the missing (seed, method) pairs', async () => {
    const config = openRun(dir, request(images));
    const k = config.retrainSizes[0];
    const file = runPaths(dir).retrainSize(config.mode, config.retrainEpochs, k);
    const full = JSON.parse(readFileSync(file, 'utf8')) as { seconds: number; rows: { seed: number; method: string; test_accuracy: number }[] };
    const missing = 'gcmi-model';
    writeFileSync(file, JSON.stringify({ ...full, rows: full.rows.filter((r) => r.method !== missing) }));
    const said: string[] = [];
    await reproduce(dir, request(images), { ...silentReporter, info: (m) => said.push(m) });
    expect(said.join('\n')).toMatch(new RegExp(`retrain: .*sizes ${k}\\b`));
    const after = JSON.parse(readFileSync(file, 'utf8')) as typeof full;
    const key = (r: { seed: number; method: string }) => `${r.seed}/${r.method}`;
    expect(new Set(after.rows.map(key))).toEqual(new Set(full.rows.map(key)));
    // The kept rows are the same numbers; the re-trained ones equal the first run's (same θ₀, same minibatches).
    for (const r of after.rows) expect(r.test_accuracy).toBe(full.rows.find((f) => key(f) === key(r))!.test_accuracy);
  });

  it('a folder trained by an older oinfo gets its final train accuracy recorded, the rest untouched', async () => {
    const p = runPaths(dir);
    const original = readMetrics(dir, 1);
    expect(original.train_accuracy_kind).toBe('final');
    const { train_accuracy_kind: _, ...older } = original;
    writeFileSync(p.metrics(1), JSON.stringify({ ...older, train_accuracy: 0.123 }));
    const theta = statSync(p.theta(1)).mtimeMs;
    const said: string[] = [];
    await reproduce(dir, request(images), { ...silentReporter, info: (m) => said.push(m) });
    expect(said.join('\n')).toMatch(/recorded the final train accuracy of 1 seed/);
    expect(readMetrics(dir, 1)).toEqual(original);
    expect(statSync(p.theta(1)).mtimeMs).toBe(theta);
  });

  it('refuses to resume a folder with other settings', async () => {
    expect(() => openRun(dir, { ...request(images), epochs: 4 })).toThrow(/other settings: epochs 3 \(now 4\)/);
  });

  it('`oinfo retrain` before the analysis says to run `oinfo analyze`', () => {
    const copy = join(root, 'trained-only');
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, 'results'), { recursive: true });
    for (const seed of [1, 2]) rmSync(runPaths(copy).analysis(seed));
    expect(userError(['retrain', '--out', copy])).toBe(`oinfo: mi: seeds 1, 2 are not analysed yet; run \`oinfo analyze --out ${copy}\` first\n`);
  });

  it('a corrupt results file names itself and the command that makes it again', () => {
    const copy = join(root, 'corrupt');
    cpSync(dir, copy, { recursive: true });
    writeFileSync(runPaths(copy).layerwise, '{"units": "bits", "lay');
    expect(userError(['report', '--out', copy])).toMatch(/^oinfo: ".*layerwise\.json" is corrupt \(.*\); delete it and run `oinfo analyze --out .*corrupt` to make it again\n$/);
  });
});

describe('user errors through the CLI: exit 2, one line naming what is missing and the command that makes it', () => {
  let fresh: string; // a run folder with its config.json and nothing else

  beforeAll(() => {
    fresh = join(root, 'fresh');
    mkdirSync(fresh);
    openRun(fresh, request(images));
  });

  it('a stage before training', () => {
    expect(userError(['analyze', '--out', fresh])).toBe(`oinfo: analyze: seeds 1, 2 are not trained yet; run \`oinfo train --out ${fresh}\` first\n`);
    expect(userError(['retrain', '--out', fresh])).toMatch(/^oinfo: mi: seeds 1, 2 are not trained yet; run `oinfo train --out .*` first/);
    expect(userError(['report', '--out', fresh])).toMatch(/metrics\.json" is missing; run `oinfo train --out .*fresh` first/);
  });

  it('a folder that is not a run folder', () => {
    const empty = mkdtempSync(join(root, 'empty-'));
    expect(userError(['report', '--out', empty])).toBe(`oinfo: "${empty}" is not a run folder (no config.json); start one with \`oinfo reproduce --out ${empty}\`\n`);
    const foreign = mkdtempSync(join(root, 'foreign-'));
    writeFileSync(join(foreign, 'config.json'), '{"name": "some other tool"}\n');
    expect(userError(['analyze', '--out', foreign])).toMatch(/is not a run folder \(".*config\.json" holds no oinfo run settings\)/);
    const corrupt = mkdtempSync(join(root, 'corrupt-config-'));
    writeFileSync(join(corrupt, 'config.json'), '{"version": 1,\n "seeds": [1, 2\n');
    expect(userError(['train', '--out', corrupt])).toMatch(/config\.json" is corrupt \(.*\); fix it, or start a new run/);
  });

  it('`reproduce` with a missing data set leaves no run folder behind', () => {
    const out = join(root, 'no-data-run');
    expect(userError(['reproduce', '--dataset', join(root, 'no-such-images'), '--out', out, '--seeds', '1'])).toMatch(/unknown dataset/);
    expect(existsSync(out)).toBe(false);
  });

  it('`reproduce --out` a file', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder\n');
    expect(userError(['reproduce', '--dataset', images, '--out', file])).toBe(`oinfo: --out "${file}" is a file; give a directory for the run\n`);
  });
});

describe('interrupted training', () => {
  it('continues from its checkpoint and ends with the same weights as an uninterrupted run', async () => {
    const whole = join(root, 'whole');
    const cut = join(root, 'cut');
    const settings = { dataset: images, seeds: 1, epochs: 3, maxSize: 6 };
    await trainStage(whole, openRun(whole, settings), silentReporter);
    const controller = new AbortController();
    const aborting: Reporter = {
      ...silentReporter,
      progress: (_label, _done, _total, detail) => {
        if (detail?.startsWith('epoch 2/')) controller.abort(); // epoch 2 reported: its checkpoint exists
      },
    };
    await expect(trainStage(cut, openRun(cut, settings), aborting, controller.signal)).rejects.toThrow(/interrupted/);
    const checkpoint = readFileSync(runPaths(cut).checkpoint(1)).subarray(0, 400).toString();
    expect(checkpoint).toMatch(/"epoch":"2"/);
    await trainStage(cut, openRun(cut, settings), silentReporter);
    const a = loadParams(runPaths(whole).theta(1));
    const b = loadParams(runPaths(cut).theta(1));
    a.forEach((layer, i) => {
      expect(b[i].w).toEqual(layer.w);
      expect(b[i].b).toEqual(layer.b);
    });
    expect(readMetrics(cut, 1).history).toEqual(readMetrics(whole, 1).history);
  });
});
