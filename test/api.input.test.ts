/**
 * The API as a careless or hostile caller meets it: every bad argument is an OinfoInputError naming
 * it (never a TypeError, never silently accepted), and the protocol check at load.
 */
import { describe, expect, it } from 'vitest';

import { Engine } from '../src/backend/engine.js';
import { PROTOCOL_LAYOUT } from '../src/backend/protocol.js';
import { getEngine } from '../src/backend/load.js';
import { copnorm, entropy, measure, mergeShards, OinfoBackendError, prepare, search } from '../src/index.js';
import { OinfoOptionError } from '../src/errors.js';
import { searchPlan } from '../src/api/search.js';
import { BACKENDS } from './helpers/backends.js';
import { inputError } from './helpers/inputError.js';
import { randomColumns } from './helpers/random.js';

const columns = randomColumns(50, 6, 7);

describe('bad data → OinfoInputError', () => {
  it.each([
    ['null', null, /prepare needs data: .* got null/],
    ['undefined', undefined, /prepare needs data: .* got undefined/],
    ['a number', 42, /got 42/],
    ['an array', [1, 2, 3], /got an array/],
    ['a null column', { a: null, b: [1, 2, 3] }, /column "a" must be an array or a typed array of numbers, got null/],
    ['a BigInt64Array column', { a: new BigInt64Array(4), b: [1, 2, 3, 4] }, /column "a" must be an array .* got a BigInt64Array/],
    ['a null entry', { a: [1, null, 3, 4], b: [1, 2, 3, 4] }, /column "a" has null at index 1: every value must be a number/],
    ['a boolean entry', { a: [1, 2, true, 4], b: [1, 2, 3, 4] }, /column "a" has true at index 2/],
    ['a string entry', { a: [1, 2, '3', 4], b: [1, 2, 3, 4] }, /column "a" has "3" at index 2/],
    ['an empty column name', { '': [1, 2, 3, 4], b: [1, 2, 3, 4] }, /column 1 has an empty name/],
    ['a table with a null column', { names: ['a'], nSamples: 3, columns: [null] }, /column "a" must be an array/],
    ['a table whose nSamples lies', { names: ['a'], nSamples: 4, columns: [[1, 2, 3]] }, /says 4 samples but its columns have 3/],
  ])('prepare(%s)', async (_, data, message) => {
    expect((await inputError(() => prepare(data as never))).message).toMatch(message);
  });

  it('NFC and NFD spellings of a name are the same column; two of them are a duplicate', async () => {
    const nfd = 'cafe\u0301';
    const nfc = 'caf\u00e9';
    const data = prepare({ [nfd]: columns.v0, b: columns.v1, c: columns.v2 });
    expect(data.names[0]).toBe(nfc);
    expect(measure(data, { vars: [nfc, 'b', 'c'] }).vars).toEqual([nfc, 'b', 'c']);
    expect(measure(data, { vars: [nfd, 'b', 'c'] }).oinfo).toBe(measure(data, { vars: [nfc, 'b', 'c'] }).oinfo);
    expect((await inputError(() => prepare({ [nfd]: columns.v0, [nfc]: columns.v1 }))).message).toMatch(/duplicate column name "café"/);
  });

  it('copnorm(null), copnorm of non-numbers', async () => {
    expect((await inputError(() => copnorm(null as never))).message).toMatch(/copnorm needs an array of at least 2 numbers, got null/);
    expect((await inputError(() => copnorm([1, null, 3] as never))).message).toMatch(/value null at index 1 is not a finite number/);
    expect((await inputError(() => copnorm([1, 2, NaN]))).message).toMatch(/value NaN at index 2/);
  });
});

describe('bad options → OinfoOptionError naming the API option', () => {
  it('search(data) without options, or with options that are not an object', async () => {
    expect((await inputError(() => search(columns, undefined as never))).message).toMatch(/search needs an options object with at least \{ maxSize \}, got undefined/);
    expect((await inputError(() => search(columns, null as never))).message).toMatch(/got null/);
    expect((await inputError(() => measure(columns, undefined as never))).message).toMatch(/measure needs an options object/);
  });

  it.each([
    ['threads 0', { threads: 0 }, 'threads', /^threads must be an integer from 1 to 1,024, got 0$/],
    ['threads −1', { threads: -1 }, 'threads', /got -1/],
    ['threads NaN', { threads: NaN }, 'threads', /got NaN/],
    ['threads "2"', { threads: '2' }, 'threads', /got "2"/],
    ['top 2^31', { top: 2 ** 31 }, 'top', /^top must be an integer from 1 to 1,000,000, got 2147483648$/],
    ['beam 2^31', { beam: 2 ** 31 }, 'beam', /^beam must be an integer from 1 to 1,000,000/],
    ['exhaustiveMax 0', { exhaustiveMax: 0 }, 'exhaustiveMax', /^exhaustiveMax must be an integer ≥ 1, got 0$/],
    ['units', { units: 'dits' }, 'units', /^units must be "bits" or "nats", got "dits"$/],
    ['biasCorrect', { biasCorrect: 'yes' }, 'biasCorrect', /must be true or false/],
    ['signal {}', { signal: {} }, 'signal', /^signal must be an AbortSignal .* got a object|^signal must be an AbortSignal/],
    ['onProgress 5', { onProgress: 5 }, 'onProgress', /^onProgress must be a function, got 5$/],
    ['shard', { minSize: 3, shard: { from: 5, to: 2 } }, 'shard', /^shard needs integers 0 ≤ from ≤ to, got \[5, 2\)$/],
  ])('%s', async (_, extra, option, message) => {
    const error = await inputError(() => search(columns, { maxSize: 3, ...(extra as object) }));
    expect(error).toBeInstanceOf(OinfoOptionError);
    expect((error as OinfoOptionError).option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it('an OinfoOptionError words other options as the caller spells them', async () => {
    const error = (await inputError(() => search(columns, { minSize: 2, maxSize: 3 }))) as OinfoOptionError;
    expect(error.message).toBe('minSize out of range: it is 2, but Ω of fewer than 3 variables is always 0; use minSize 3 or more, or add a target');
    expect(error.describe((o) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)).toBe(
      '--min-size out of range: it is 2, but Ω of fewer than 3 variables is always 0; use --min-size 3 or more, or add a --target',
    );
  });

  it('vars: not an array, an empty name, a non-string', async () => {
    expect((await inputError(() => search(columns, { maxSize: 3, vars: 'v0,v1' as never }))).message).toMatch(/^vars must be an array of column names, got "v0,v1"$/);
    expect((await inputError(() => measure(columns, { vars: ['v0', ''] }))).message).toMatch(/a column name must be a non-empty string, got ""/);
    expect((await inputError(() => entropy(columns, { vars: [3 as never] }))).message).toMatch(/got 3/);
  });
});

describe.each(BACKENDS)('caps that change no result (%s)', (backend) => {
  it('exhaustiveMax above maxSize means every size is exhaustive; a beam wider than the multiplets keeps them all', async () => {
    const data = prepare(columns, { backend });
    const strip = (r: { elapsed_s: number }) => ({ ...r, elapsed_s: 0 });
    expect(strip(await search(data, { maxSize: 5, exhaustiveMax: 2 ** 31, backend }))).toEqual(strip(await search(data, { maxSize: 5, exhaustiveMax: 5, backend })));
    const wide = await search(data, { maxSize: 5, exhaustiveMax: 3, beam: 1_000_000, backend });
    const exact = await search(data, { maxSize: 5, exhaustiveMax: 3, beam: 20, backend }); // C(6, 3) = 20 multiplets to extend
    expect(strip(wide)).toEqual(strip(exact));
    // The estimate stays honest: at most every multiplet of the greedy sizes, twice (two directions).
    expect(searchPlan(data, { maxSize: 5, exhaustiveMax: 3, beam: 1_000_000, backend }).multiplets).toBeLessThan(1000);
  });
});

describe.each(BACKENDS)('onProgress that throws (%s)', (backend) => {
  it('rejects the search with the callback’s own error and stops it', async () => {
    const data = prepare(randomColumns(200, 40, 3), { backend });
    const boom = new Error('my callback failed');
    let calls = 0;
    const started = Date.now();
    const run = search(data, {
      maxSize: 6,
      minSize: 6,
      backend,
      onProgress: () => {
        calls++;
        throw boom;
      },
    });
    await expect(run).rejects.toBe(boom);
    expect(calls).toBe(1); // called no more once it threw
    expect(Date.now() - started).toBeLessThan(5000); // C(40, 6) = 3.8e6 multiplets: stopped, not finished
  });
});

describe('mergeShards', () => {
  it('rejects no parts, parts of different sizes, and things that are not size results', async () => {
    const data = prepare(columns);
    const [a, b] = await Promise.all([3, 4].map((k) => search(data, { minSize: k, maxSize: k }).then((r) => r.sizes[0])));
    const col = (name: string) => data.names.indexOf(name);
    expect((await inputError(() => mergeShards([], col, 10))).message).toMatch(/^mergeShards needs a non-empty array of size results/);
    expect((await inputError(() => mergeShards([a, b], col, 10))).message).toMatch(/part 1 is a exhaustive result of size 4, part 0 a exhaustive result of size 3/);
    expect((await inputError(() => mergeShards([a, null as never], col, 10))).message).toMatch(/part 1 is not a size result/);
    expect((await inputError(() => mergeShards([a], col, 0))).message).toMatch(/^top must be an integer ≥ 1/);
  });
});

describe('the protocol check at load', () => {
  it('an engine built from other sources is refused with advice', () => {
    const transport = getEngine('native').transport;
    const stale = Object.assign(Object.create(transport), { layout: 'oinfo-protocol/0 search:minSize' });
    expect(() => new Engine(stale)).toThrow(OinfoBackendError);
    expect(() => new Engine(stale)).toThrow(/was built from other sources than this oinfo .* rebuild it with `npm run build`/);
  });

  it.each(BACKENDS)('the %s engine speaks this protocol', (backend) => {
    expect(getEngine(backend).transport.layout).toMatch(/^oinfo-protocol\/8 search:minSize,maxSize,.*,histogramBins,groupRoute,budgetSeconds /);
    expect(getEngine(backend).transport.layout).toMatch(
      / discrete:classCovs,classCounts,classCovariances groups:groupSizes all:minSize,maxSize,threads,biasCorrect,units,format,chunkRanks,window all-result:v1$/,
    );
    expect(getEngine(backend).transport.layout).toBe(PROTOCOL_LAYOUT);
  });
});

describe('prepare: columns that are views of one array', () => {
  // The CSV fast path's columns are views of the engine's one column-major array; prepare uses that
  // memory instead of a copy when, and only when, the columns lie in it in order.
  it('in order, reversed or with a gap: the covariance of copies', () => {
    const n = 50;
    const names = ['a', 'b', 'c'];
    const copies = [0, 1, 2].map((j) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * (j + 1.3)) + j));
    const expected = prepare({ names, nSamples: n, columns: copies }).cov;
    const one = new Float64Array(4 * n);
    copies.forEach((c, j) => one.set(c, j * n));
    const view = (k: number) => one.subarray(k * n, (k + 1) * n);
    expect(prepare({ names, nSamples: n, columns: [view(0), view(1), view(2)] }).cov).toEqual(expected);
    one.set(copies[2], 3 * n);
    expect(prepare({ names, nSamples: n, columns: [view(0), view(1), view(3)] }).cov).toEqual(expected);
    const reversed = new Float64Array(3 * n);
    copies.forEach((c, j) => reversed.set(c, (2 - j) * n));
    const rview = (k: number) => reversed.subarray(k * n, (k + 1) * n);
    expect(prepare({ names, nSamples: n, columns: [rview(2), rview(1), rview(0)] }).cov).toEqual(expected);
  });
});
