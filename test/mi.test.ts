/** gcmi's single-variable MI baselines (SPEC §5): every cd_vs_label reference value, the mi() API, errors, the CLI. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { copnorm } from '../src/api/copnorm.js';
import { prepare } from '../src/api/dataset.js';
import { getEngine } from '../src/backend/load.js';
import { OinfoInputError } from '../src/errors.js';
import { readTable } from '../src/io/readTable.js';
import type { Table } from '../src/io/table.js';
import { mi } from '../src/mi/mi.js';
import { gcmiMixtureCD, miMixtureGd } from '../src/mi/mixtureCd.js';
import { gcmiModelCD, miModelGd } from '../src/mi/modelCd.js';
import { BACKENDS } from './helpers/backends.js';
import { oinfo } from './helpers/cli.js';
import { gaussian, rng } from './helpers/random.js';
import { loadReference, SYNTH_CSV } from './helpers/reference.js';

const TOL = 1e-9;
const gcmi = loadReference('gcmi.json');
const COLUMNS = ['gcmi_model_cd', 'gcmi_mixture_cd', 'mi_model_gd_copnorm_bc', 'mi_model_gd_copnorm_nobc', 'mi_mixture_gd_copnorm'] as const;
const VARS = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'];

let table: Table;
let labels: Float64Array;
beforeAll(() => {
  table = readTable(SYNTH_CSV());
  labels = table.columns[table.names.indexOf('y')];
});

/** The reference entry of the single variable x<i>. */
const single = (i: number) => gcmi.cd_vs_label.find((e: { x: number[] }) => e.x.length === 1 && e.x[0] === i);

describe.each(BACKENDS)('gcmi reference values (cd_vs_label) on the %s backend', (backend) => {
  it('the label counts match', () => {
    const counts = [0, 0, 0, 0];
    for (const v of labels) counts[v]++;
    expect(counts).toEqual(gcmi.label_counts);
  });

  it('covers every single variable x0..x7 and the multivariate entries', () => {
    expect(VARS.every((_, i) => single(i) !== undefined)).toBe(true);
    expect(gcmi.cd_vs_label.some((e: { x: number[] }) => e.x.length > 1)).toBe(true);
  });

  it.each(gcmi.cd_vs_label.map((e: { x: number[] }) => [e.x.map((i) => `x${i}`).join(','), e] as const))(
    'all five estimators of %s match gcmi to 1e-9 bits',
    (_label, e: Record<string, any>) => {
      const idx: number[] = e.x;
      const raw = idx.map((i) => table.columns[i]);
      const x = raw.length === 1 ? raw[0] : raw;
      const cx = idx.map((i) => copnorm(table.columns[i], { backend }));
      const got: Record<(typeof COLUMNS)[number], number> = {
        gcmi_model_cd: gcmiModelCD(x, labels, 4, { backend }),
        gcmi_mixture_cd: gcmiMixtureCD(x, labels, 4, { backend }),
        mi_model_gd_copnorm_bc: miModelGd(cx, labels, 4, { biasCorrect: true, demeaned: false, backend }),
        mi_model_gd_copnorm_nobc: miModelGd(cx, labels, 4, { biasCorrect: false, demeaned: false, backend }),
        mi_mixture_gd_copnorm: miMixtureGd(cx, labels, 4, { backend }),
      };
      for (const key of COLUMNS) expect(Math.abs(got[key] - e[key]), key).toBeLessThan(TOL);
    },
  );

  it('accepts labels as any integer array (Uint8Array, Int32Array, number[]) and x as Float32Array', () => {
    const x = table.columns[0];
    const expected = gcmiModelCD(x, labels, 4, { backend });
    for (const y of [Uint8Array.from(labels), Int32Array.from(labels), Array.from(labels)])
      expect(gcmiModelCD(x, y, 4, { backend })).toBe(expected);
    const x32 = Float32Array.from(x);
    expect(Math.abs(gcmiMixtureCD(x32, labels, 4, { backend }) - gcmiMixtureCD(Float64Array.from(x32), labels, 4, { backend }))).toBe(0);
  });
});

describe('properties', () => {
  it('gcmi-model is invariant under a strictly increasing transform of x (copula), gcmi-mixture is not meant to be', () => {
    const x = table.columns[5];
    const warped = x.map((v) => Math.exp(v) + v ** 3);
    expect(Math.abs(gcmiModelCD(warped, labels, 4) - gcmiModelCD(x, labels, 4))).toBeLessThan(1e-12);
  });

  it('both estimators are invariant under renaming the classes (up to rounding)', () => {
    const perm = [2, 0, 3, 1];
    const renamed = labels.map((v) => perm[v]);
    for (const f of [gcmiModelCD, gcmiMixtureCD]) {
      const x = table.columns[1];
      expect(Math.abs(f(x, renamed, 4) - f(x, labels, 4))).toBeLessThan(1e-12);
    }
  });

  it('independent label → MI near 0; a label that shifts the mean → clearly positive', () => {
    const g = gaussian(rng(11));
    const n = 4000;
    const y = Int32Array.from({ length: n }, (_, i) => i % 3);
    const noise = Float64Array.from({ length: n }, g);
    const shifted = noise.map((v, i) => v + 2 * y[i]);
    for (const f of [gcmiModelCD, gcmiMixtureCD]) {
      expect(Math.abs(f(noise, y, 3))).toBeLessThan(0.01);
      expect(f(shifted, y, 3)).toBeGreaterThan(0.5);
    }
  });

  it('a few ms per 10 000-sample neuron (the pipeline: 20 neurons × 3 layers × 20 seeds)', () => {
    const g = gaussian(rng(3));
    const n = 10_000;
    const y = Uint8Array.from({ length: n }, (_, i) => i % 10);
    const xs = Array.from({ length: 10 }, () => Float32Array.from({ length: n }, (_, i) => g() + 0.3 * y[i]));
    const t0 = performance.now();
    for (const x of xs) {
      gcmiModelCD(x, y, 10);
      gcmiMixtureCD(x, y, 10);
    }
    expect((performance.now() - t0) / xs.length).toBeLessThan(100); // ~5 ms on a laptop; generous for CI
  });
});

// Independent oracles for the engine's numerics (the engine computes them; these are written differently).

/** ψ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series to x⁻¹⁴ (the engine shifts to x ≥ 6). */
function digammaOracle(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132 - f * (691 / 32760 - f / 12))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** gcmi's bias correction c_n(d) = d·(ln 2 − ln(n − 1))/2 + ½ Σ_{i=1..d} ψ((n − i)/2), nats. */
function entropyBiasOracle(d: number, n: number): number {
  let psi = 0;
  for (let i = 1; i <= d; i++) psi += digammaOracle((n - i) / 2);
  return (d * (Math.LN2 - Math.log(n - 1))) / 2 + psi / 2;
}

/** NumPy's median (mean of the two middle values for an even count), or with `lower` the lower middle value. */
function medianOracle(values: ArrayLike<number>, lower = false): number {
  const s = Float64Array.from(values).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : lower ? s[h - 1] : (s[h - 1] + s[h]) / 2;
}

describe('the engine numerics against independent oracles', () => {
  it('the digamma oracle: known values and the recurrence', () => {
    const gamma = 0.5772156649015329;
    expect(Math.abs(digammaOracle(1) + gamma)).toBeLessThan(1e-15);
    expect(Math.abs(digammaOracle(0.5) + gamma + 2 * Math.LN2)).toBeLessThan(1e-14);
    expect(Math.abs(digammaOracle(2) - (1 - gamma))).toBeLessThan(1e-15);
    for (const x of [0.3, 1.7, 9.5, 10.5, 123.4, 4999.5]) expect(Math.abs(digammaOracle(x + 1) - digammaOracle(x) - 1 / x)).toBeLessThan(1e-13);
  });

  it.each(BACKENDS)('the engine’s bias correction equals gcmi’s formula (%s)', (backend) => {
    const engine = getEngine(backend);
    for (const d of [1, 2, 3])
      for (const n of [d + 2, d + 3, 10, 57, 2000, 10_000]) {
        const cov = new Float64Array(d * d);
        for (let i = 0; i < d; i++) cov[i * d + i] = 1.5 + i;
        const members = Int32Array.from({ length: d }, (_, i) => i);
        const raw = engine.entropy(cov, d, n, members, { units: 'nats', biasCorrect: false });
        const bc = engine.entropy(cov, d, n, members, { units: 'nats', biasCorrect: true });
        // the engine's digamma shifts to x ≥ 6 before its series (≤ 2e-13 truncation); the oracle to x ≥ 10
        expect(Math.abs(raw - bc - entropyBiasOracle(d, n))).toBeLessThan(1e-12);
      }
  });

  it.each(BACKENDS)('gcmi-mixture rescales every class to NumPy’s median and MAD (%s)', (backend) => {
    // classes of odd and even sizes (NumPy's median of an even count is the mean of the two middle values)
    const g = gaussian(rng(7));
    const classes = [[1, 2, 3, 4, 100], [1, 1, 2, 2, 4, 6, 9], [4, 1, 3, 2], Array.from({ length: 8 }, () => Math.exp(g()))];
    const x: number[] = [];
    const y: number[] = [];
    for (let k = 0; x.length < classes.reduce((s, c) => s + c.length, 0); k++)
      classes.forEach((c, label) => {
        if (k < c.length) {
          x.push(c[k]);
          y.push(label);
        }
      });
    // gcmi_mixture_cd by hand: copnorm within the class, × 1.482602218505602·MAD, + median; then mi_mixture_gd
    const rescaled = (lower: boolean) => {
      const z = new Float64Array(x.length);
      classes.forEach((_, label) => {
        const at = y.flatMap((v, i) => (v === label ? [i] : []));
        const values = at.map((i) => x[i]);
        const location = medianOracle(values, lower);
        const mad = medianOracle(values.map((v) => Math.abs(v - location)), lower);
        if (label === 0 || label === 1) expect(mad).toBe(1);
        const c = copnorm(Float64Array.from(values), { backend });
        at.forEach((i, k) => (z[i] = c[k] * (1.482602218505602 * mad) + location));
      });
      return miMixtureGd(z, y, classes.length, { backend });
    };
    const got = gcmiMixtureCD(x, y, classes.length, { backend });
    expect(Math.abs(got - rescaled(false))).toBeLessThan(1e-12);
    expect(Math.abs(got - rescaled(true))).toBeGreaterThan(1e-6); // the test tells the two median rules apart
    // MAD 0: half or more of a class's values equal (0, 0, 0, 5)
    expect(inputError(() => gcmiMixtureCD([0, 1, 0, 2, 0, 3, 5, 4], [0, 1, 0, 1, 0, 1, 0, 1], 2, { backend }))).toMatch(
      /^class 0 of x has no spread: its median absolute deviation is 0/,
    );
  });
});

describe('the mi() API', () => {
  it('returns SPEC §4 JSON with gcmi_model_cd of every variable (default: every column but the target)', () => {
    const r = mi(table, { target: 'y' });
    expect(Object.keys(r)).toEqual(['target', 'method', 'units', 'mi', 'backend']);
    expect(r).toMatchObject({ target: 'y', method: 'model', units: 'bits' });
    expect(['native', 'wasm']).toContain(r.backend);
    expect(Object.keys(r.mi)).toEqual(VARS);
    VARS.forEach((v, i) => expect(Math.abs(r.mi[v] - single(i).gcmi_model_cd)).toBeLessThan(TOL));
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it.each(BACKENDS)('method mixture, a subset of vars in the order given, backend %s', (backend) => {
    const r = mi(table, { target: 'y', vars: ['x6', 'x2'], method: 'mixture', backend });
    expect(r.backend).toBe(backend);
    expect(r.method).toBe('mixture');
    expect(Object.keys(r.mi)).toEqual(['x6', 'x2']);
    expect(Math.abs(r.mi.x6 - single(6).gcmi_mixture_cd)).toBeLessThan(TOL);
    expect(Math.abs(r.mi.x2 - single(2).gcmi_mixture_cd)).toBeLessThan(TOL);
  });

  it('accepts named columns; labels may be written as floats (2.0)', () => {
    const r = mi({ a: table.columns[0], label: Array.from(labels, (v) => v + 0) }, { target: 'label' });
    expect(Object.keys(r.mi)).toEqual(['a']);
    expect(Math.abs(r.mi.a - single(0).gcmi_model_cd)).toBeLessThan(TOL);
  });

  it('warns (does not fail) about a constant column or many repeated values, as gcmi does', () => {
    const n = 40;
    const y = Array.from({ length: n }, (_, i) => i % 2);
    const warnings: string[] = [];
    const r = mi(
      { flat: new Array(n).fill(1), steps: Array.from({ length: n }, (_, i) => Math.floor(i / 4)), smooth: Array.from({ length: n }, (_, i) => Math.sin(i)), y },
      { target: 'y', onWarning: (m) => warnings.push(m) },
    );
    expect(Number.isFinite(r.mi.flat)).toBe(true);
    expect(warnings).toEqual([
      'column "flat" is constant: its copula ranks follow sample order',
      'column "steps" has more than 10% repeated values (copnorm ranks ties in sample order)',
    ]);
  });
});

/** The message of the OinfoInputError that `f` throws. */
function inputError(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(OinfoInputError);
    return (error as Error).message;
  }
  throw new Error('expected an OinfoInputError, nothing was thrown');
}

describe('bad input → OinfoInputError naming the problem', () => {
  const x = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.3));
  const y = [0, 1, 2, 3, 0, 1, 2, 0, 1, 2, 0, 1]; // class 3 has 1 sample
  const y4 = [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3];

  it('a class with too few samples (the minimum is d + 1: a variance needs 2 samples)', () => {
    expect(inputError(() => gcmiModelCD(x, y, 4))).toBe('class 3 has 1 sample; gcmi-model needs at least 2 per class');
    expect(inputError(() => gcmiMixtureCD(x, y, 4))).toBe('class 3 has 1 sample; gcmi-mixture needs at least 2 per class');
    expect(inputError(() => miModelGd(x, y, 4))).toBe('class 3 has 1 sample; mi_model_gd needs at least 2 per class');
    expect(inputError(() => miMixtureGd(x, y, 4))).toBe('class 3 has 1 sample; mi_mixture_gd needs at least 2 per class');
    expect(inputError(() => gcmiModelCD(x, y4, 5))).toBe('class 4 has 0 samples; gcmi-model needs at least 2 per class');
    const x2 = [x, x.map((v) => v * v)];
    expect(Number.isFinite(gcmiModelCD(x2, y4, 4))).toBe(true); // 3 samples per class suffice in 2 dimensions
    expect(inputError(() => gcmiModelCD(x2, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2], 3))).toBe('class 2 has 2 samples; gcmi-model needs at least 3 per class');
    // 2 samples per class is enough in one dimension (gcmi: counts > d), bias correction included
    expect(Number.isFinite(gcmiModelCD(x.subarray(0, 4), [0, 1, 0, 1], 2))).toBe(true);
  });

  it('zero spread within a class', () => {
    const flat = Float64Array.from(x);
    for (const i of [2, 6, 10]) flat[i] = 0.1; // every sample of class 2 in y4
    expect(inputError(() => miModelGd(flat, y4, 4, { name: 'x3' }))).toBe(
      'class 2 of "x3" has no spread (all its values are equal); mi_model_gd needs a non-zero variance within every class',
    );
    expect(inputError(() => miMixtureGd(flat, y4, 4))).toMatch(/^class 2 of x has no spread \(all its values are equal\)/);
    expect(inputError(() => gcmiMixtureCD(flat, y4, 4, { name: 'x3' }))).toBe(
      'class 2 of "x3" has no spread: its median absolute deviation is 0 (half or more of its values are equal); gcmi-mixture rescales every class by its MAD',
    );
    // in several dimensions the message names the column (the engine reports it)
    expect(inputError(() => miModelGd([x.map((v) => v * v), flat], y4, 4))).toBe(
      'class 2 of x (column 1) has no spread (all its values are equal); mi_model_gd needs a non-zero variance within every class',
    );
    expect(inputError(() => gcmiMixtureCD([x.map((v) => v * v), flat], y4, 4))).toMatch(
      /^class 2 of x \(column 1\) has no spread: its median absolute deviation is 0/,
    );
    // MAD 0 with a non-constant class: half of its values equal
    const half = Float64Array.from([5, 0.1, 5, 0.2, 4, 0.3, 6, 0.4]); // class 0: 5, 5, 4, 6 → median 5, MAD 0.5
    expect(Number.isFinite(gcmiMixtureCD(half, [0, 1, 0, 1, 0, 1, 0, 1], 2))).toBe(true);
    half[4] = 5; // 5, 5, 5, 6: MAD 0
    expect(inputError(() => gcmiMixtureCD(half, [0, 1, 0, 1, 0, 1, 0, 1], 2))).toMatch(/^class 0 of x has no spread: its median absolute deviation is 0/);
    // gcmi-model never fails here: copnorm ranks ties in sample order (mi() warns about such columns)
    expect(Number.isFinite(gcmiModelCD(flat, y4, 4))).toBe(true);
  });

  it('a singular class covariance in several dimensions', () => {
    const x2 = [x, x.map((v) => 2 * v + 1)];
    expect(inputError(() => miModelGd(x2, y4, 4))).toBe(
      'class 0 of x has a singular covariance (its columns are linearly dependent within the class); mi_model_gd needs a positive-definite covariance within every class',
    );
  });

  it('labels that are not integers in 0..nClasses − 1, and a bad nClasses', () => {
    const bad = [...y4];
    bad[7] = 1.5;
    expect(inputError(() => gcmiModelCD(x, bad, 4))).toBe('label 1.5 at index 7 is not an integer in 0..3 (nClasses = 4)');
    bad[7] = 4;
    expect(inputError(() => gcmiMixtureCD(x, bad, 4))).toBe('label 4 at index 7 is not an integer in 0..3 (nClasses = 4)');
    bad[7] = -1;
    expect(inputError(() => miModelGd(x, bad, 4))).toBe('label -1 at index 7 is not an integer in 0..3 (nClasses = 4)');
    bad[7] = NaN;
    expect(inputError(() => miMixtureGd(x, bad, 4))).toBe('label NaN at index 7 is not an integer in 0..3 (nClasses = 4)');
    expect(inputError(() => gcmiModelCD(x, y4, 0))).toBe('nClasses must be a positive integer, got 0');
    expect(inputError(() => gcmiModelCD(x, y4, 2.5))).toBe('nClasses must be a positive integer, got 2.5');
  });

  it('length mismatch, NaN / Inf, empty or ragged x', () => {
    expect(inputError(() => gcmiModelCD(x, y4.slice(1), 4))).toBe('x has 12 samples but there are 11 labels');
    expect(inputError(() => gcmiMixtureCD(x, y4.slice(1), 4, { name: 'x5' }))).toBe('"x5" has 12 samples but there are 11 labels');
    const nan = Float64Array.from(x);
    nan[3] = NaN;
    expect(inputError(() => gcmiModelCD(nan, y4, 4, { name: 'x5' }))).toBe('"x5" has NaN at index 3');
    nan[3] = -Infinity;
    expect(inputError(() => miMixtureGd(nan, y4, 4))).toBe('x has -Inf at index 3');
    expect(inputError(() => gcmiModelCD([x, nan], y4, 4))).toBe('x has -Inf at column 1, index 3');
    expect(inputError(() => gcmiModelCD([], [], 4))).toBe('x has no samples');
    expect(inputError(() => gcmiModelCD([x, x.subarray(1)], y4, 4))).toBe(
      'the columns of x have different lengths: column 0 has 12 values, column 1 has 11',
    );
  });

  it('mi(): target, variables, labels, data', () => {
    const cols = { a: x, b: x.map((v) => v * v), y: y4 };
    expect(inputError(() => mi(cols, { target: 'label' }))).toBe('unknown target "label" (columns: a, b, y)');
    expect(inputError(() => mi(cols, { target: '' }))).toBe('mi needs a target: the label column (--target)');
    expect(inputError(() => mi(cols, { target: 'y', vars: ['a', 'c'] }))).toBe('unknown column "c" (columns: a, b, y)');
    expect(inputError(() => mi(cols, { target: 'y', vars: ['a', 'a'] }))).toBe('column "a" is listed twice');
    expect(inputError(() => mi(cols, { target: 'y', vars: ['a', 'y'] }))).toBe('the target "y" is also listed among the variables');
    expect(inputError(() => mi({ y: y4 }, { target: 'y' }))).toBe('no variables: the data has no column besides the target "y"');
    expect(inputError(() => mi(cols, { target: 'y', method: 'knn' as never }))).toBe('unknown method "knn" (methods: model, mixture)');
    expect(inputError(() => mi({ ...cols, y: y4.map((v, i) => (i === 5 ? 0.5 : v)) }, { target: 'y' }))).toBe(
      'the target "y" has 0.5 at row 6: labels must be integers 0, 1, 2, …',
    );
    expect(inputError(() => mi({ ...cols, y: y4.map((v, i) => (i === 2 ? -2 : v)) }, { target: 'y' }))).toBe(
      'the target "y" has -2 at row 3: labels must be integers 0, 1, 2, …',
    );
    expect(inputError(() => mi({ ...cols, y: new Array(12).fill(0) }, { target: 'y' }))).toBe(
      'the target "y" has a single class (every label is 0); MI with a label needs at least 2 classes',
    );
    expect(inputError(() => mi({ ...cols, y: y4.map((v) => v * 1e9) }, { target: 'y' }))).toBe(
      'the target "y" has the label 3000000000 but only 12 samples: labels must be 0..K−1 with every class present',
    );
    expect(inputError(() => mi({ ...cols, y: y4.map((v) => (v === 1 ? 3 : v)) }, { target: 'y' }))).toBe(
      'class 1 has 0 samples; gcmi-model needs at least 2 per class',
    );
    expect(inputError(() => mi({ ...cols, y }, { target: 'y', method: 'mixture' }))).toBe(
      'class 3 has 1 sample; gcmi-mixture needs at least 2 per class',
    );
    expect(inputError(() => mi({ ...cols, a: x.map((v, i) => (i === 4 ? NaN : v)) }, { target: 'y' }))).toBe('column "a" has NaN at row 5');
    expect(inputError(() => mi({ a: x, y: y4.slice(1) }, { target: 'y' }))).toBe('column "y" has 11 values, column "a" has 12');
    expect(inputError(() => mi(prepare(cols), { target: 'y' }))).toBe(
      'mi needs the samples, not a prepared Dataset: pass the Table (readTable) or the named columns',
    );
    const flat = Float64Array.from(x);
    for (const i of [2, 6, 10]) flat[i] = 0.1;
    expect(inputError(() => mi({ x3: flat, y: y4 }, { target: 'y', method: 'mixture' }))).toMatch(/^class 2 of "x3" has no spread: /);
  });
});

describe('oinfo mi (CLI)', () => {
  let csv: string;
  let dir: string;
  beforeAll(() => {
    csv = SYNTH_CSV();
    dir = mkdtempSync(join(tmpdir(), 'oinfo-mi-'));
  });

  it('prints SPEC §4 JSON: gcmi_model_cd of every variable', () => {
    const r = oinfo(['mi', csv, '--target', 'y']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['target', 'method', 'units', 'mi', 'backend', 'oinfo_version']);
    expect(out).toMatchObject({ target: 'y', method: 'model', units: 'bits', backend: 'native' });
    expect(Object.keys(out.mi)).toEqual(VARS);
    VARS.forEach((v, i) => expect(Math.abs(out.mi[v] - single(i).gcmi_model_cd)).toBeLessThan(TOL));
  });

  it('--method mixture --vars --backend wasm --out', () => {
    const file = join(dir, 'mi.json');
    const r = oinfo(['mi', csv, '--target', 'y', '--vars', 'x4,x1', '--method', 'mixture', '--backend', 'wasm', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`oinfo: wrote ${file}\n`);
    expect(existsSync(file)).toBe(true);
    const out = JSON.parse(readFileSync(file, 'utf8'));
    expect(out.method).toBe('mixture');
    expect(out.backend).toBe('wasm');
    expect(Object.keys(out.mi)).toEqual(['x4', 'x1']);
    expect(Math.abs(out.mi.x4 - single(4).gcmi_mixture_cd)).toBeLessThan(TOL);
    expect(Math.abs(out.mi.x1 - single(1).gcmi_mixture_cd)).toBeLessThan(TOL);
  });

  it('bad input: exit 2 and one line starting with "oinfo: "', () => {
    for (const [args, message] of [
      [['mi', csv, '--target', 'x0'], 'oinfo: the target "x0" has '],
      [['mi', csv, '--target', 'label'], 'oinfo: unknown target "label" (columns: x0, x1, x2, x3, x4, x5, x6, x7, y)'],
      [['mi', csv], "oinfo: required option '--target <name>' not specified"],
      [['mi', csv, '--target', 'y', '--method', 'knn'], "oinfo: option '--method <method>' argument 'knn' is invalid. it must be one of model, mixture."],
    ] as const) {
      const r = oinfo([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('--help shows the options and examples', () => {
    const r = oinfo(['mi', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--target', '--vars', '--method', '--backend', '--out', 'Examples:', 'oinfo mi data.csv --target y']) expect(r.stdout).toContain(s);
  });
});
