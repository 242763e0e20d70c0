/**
 * searchAll (`--all`): every multiplet's row — the same text as a search's JSON for the same multiplet,
 * complete and in rank order, the same bytes for any threads, chunking and reorder window, on both
 * backends; the number writer against std::to_chars and JavaScript's String(x); memory that does not grow
 * with the rows; abort and write errors that leave nothing behind; the API's refusals.
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Dataset, prepare } from '../src/api/dataset.js';
import { measure } from '../src/api/measure.js';
import { search } from '../src/api/search.js';
import { searchAll, searchAllPlan, type SearchAllOptions } from '../src/api/searchAll.js';
import { OinfoAbortError, OinfoInputError, OinfoOptionError, OinfoWriteError } from '../src/errors.js';
import { readTable } from '../src/io/readTable.js';
import { BACKENDS } from './helpers/backends.js';
import { REPO } from './helpers/cli.js';
import { binomial } from './helpers/combinatorics.js';
import { randomColumns } from './helpers/random.js';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oinfo-all-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const example = () => prepare(readTable(join(REPO, 'data', 'example.csv')));
let counter = 0;
const fresh = (ext: string) => join(dir, `out-${counter++}${ext}`);

interface Row {
  size: number;
  vars: string[];
  /** The four numbers as written. */
  text: { oinfo: string; tc: string; dtc: string; sinfo: string };
}

/** The rows of a CSV written by searchAll (header checked). */
function csvRows(file: string): Row[] {
  const text = readFileSync(file, 'utf8');
  expect(text.startsWith('size,oinfo,tc,dtc,sinfo,vars\r\n')).toBe(true);
  const parsed = Papa.parse<string[]>(text, { newline: '\r\n', skipEmptyLines: false });
  const records = parsed.data.slice(1);
  expect(records.pop()).toEqual(['']); // the file ends with CRLF
  return records.map(([size, oinfo, tc, dtc, sinfo, vars]) => ({ size: Number(size), vars: vars.split(';'), text: { oinfo, tc, dtc, sinfo } }));
}

/** Every multiplet of every size of a search with lists long enough to hold them all: vars → the search's values. */
async function everyMultiplet(data: Dataset, options: Record<string, unknown>, sizes: number[], n: number) {
  const top = Math.max(...sizes.map((k) => binomial(n, k)));
  const byVars = new Map<string, { oinfo: number; tc: number; dtc: number; sinfo: number }>();
  for (const rankBy of ['oinfo', 'tc'] as const) {
    const r = await search(data, { ...options, minSize: sizes[0], maxSize: sizes[sizes.length - 1], exhaustiveMax: 10, top, rankBy });
    for (const s of r.sizes)
      for (const m of s.redundancy) {
        const key = `${s.size}:${m.vars.join(';')}`;
        const seen = byVars.get(key);
        // Ranked by Ω or by TC, a multiplet's four values are the same bits.
        if (seen) expect(seen).toEqual({ oinfo: m.oinfo, tc: m.tc, dtc: m.dtc, sinfo: m.sinfo });
        byVars.set(key, { oinfo: m.oinfo, tc: m.tc, dtc: m.dtc, sinfo: m.sinfo });
      }
  }
  return byVars;
}

/** The rows are the multiplets of each size in lexicographic order of their positions, none twice, `singular` of them missing. */
function expectRankOrder(rows: Row[], variables: readonly string[], sizes: number[], singular = 0) {
  let i = 0;
  let missing = 0;
  for (const k of sizes) {
    const c = Array.from({ length: k }, (_, j) => j); // the first combination
    for (;;) {
      const row = rows[i];
      if (row && row.size === k && row.vars.join('\0') === c.map((j) => variables[j]).join('\0')) i++;
      else missing++;
      let s = k - 1;
      while (s >= 0 && c[s] === variables.length - k + s) s--;
      if (s < 0) break;
      c[s]++;
      for (let j = s + 1; j < k; j++) c[j] = c[j - 1] + 1;
    }
  }
  expect(i).toBe(rows.length);
  expect(missing).toBe(singular);
}

describe('the number writer (native/engine/shortest.hpp)', () => {
  it('gives std::to_chars\'s shortest digits on millions of doubles, and exactly JavaScript\'s String(x)', async () => {
    const exe = join(dir, 'shortest-check');
    const lines = join(dir, 'shortest-lines.txt');
    try {
      await run('g++', ['-std=c++17', '-O3', '-ffp-contract=off', `-I${join(REPO, 'native', 'engine')}`, join(REPO, 'test', 'native', 'shortest_check.cpp'), '-o', exe]);
    } catch (error) {
      throw new Error(`compiling test/native/shortest_check.cpp failed (g++ is needed, as for the native addon: run \`npm run build\`): ${(error as Error).message}`);
    }
    const { stdout } = await run(exe, [lines], { maxBuffer: 1 << 20 });
    const report = JSON.parse(stdout) as { values: number; mismatches: number; first: string };
    expect(report.values).toBeGreaterThan(5_000_000);
    expect(report.mismatches, report.first).toBe(0);
    const view = new DataView(new ArrayBuffer(8));
    let checked = 0;
    for (const line of readFileSync(lines, 'utf8').trimEnd().split('\n')) {
      const [bits, text] = line.split(' ');
      view.setBigUint64(0, BigInt(`0x${bits}`));
      const x = view.getFloat64(0);
      if (String(x) !== text) expect(`${bits}: ${text}`).toBe(`${bits}: ${String(x)}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(400_000);
  }, 120_000);
});

describe.each(BACKENDS)('searchAll on the %s backend', (backend) => {
  const cases = [
    { name: 'no target', options: {}, sizes: [3, 4] },
    { name: 'a continuous target', options: { target: 'y', targetKind: 'continuous' }, sizes: [2, 3] },
    { name: 'a discrete target', options: { target: 'y', targetKind: 'discrete' }, sizes: [2, 3] },
    { name: 'nats without bias correction', options: { target: 'y', targetKind: 'continuous', units: 'nats', biasCorrect: false }, sizes: [2, 3] },
  ] as const;

  it.each(cases)('every row is, to the last digit, the search\'s values of its multiplet; complete, in rank order ($name)', async ({ options, sizes }) => {
    const data = example();
    const out = fresh('.csv');
    const r = await searchAll(data, { ...options, minSize: sizes[0], maxSize: sizes[sizes.length - 1], out, backend });
    const n = r.variables.length;
    expect(r.backend).toBe(backend);
    expect(r.sizes.map((s) => s.size)).toEqual(sizes);
    for (const s of r.sizes) {
      expect(s.multiplets).toBe(binomial(n, s.size));
      expect(s.rows + s.singular).toBe(s.multiplets);
    }
    const rows = csvRows(out);
    expect(rows.length).toBe(r.rows);
    expect(r.bytes).toBe(readFileSync(out).length);
    expectRankOrder(rows, r.variables, [...sizes]);
    const values = await everyMultiplet(data, { ...options, backend }, [...sizes], n);
    for (const row of rows) {
      const v = values.get(`${row.size}:${row.vars.join(';')}`);
      expect(v, row.vars.join(';')).toBeDefined();
      expect(row.text).toEqual({ oinfo: String(v!.oinfo), tc: String(v!.tc), dtc: String(v!.dtc), sinfo: String(v!.sinfo) });
    }
    // And measure(), which takes Choleskys, agrees to 1e-9.
    for (const row of rows.filter((_, i) => i % 97 === 0)) {
      const m = measure(data, { ...options, vars: row.vars, backend });
      for (const key of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) expect(Number(row.text[key])).toBeCloseTo(m[key], 9);
    }
  });

  it('NDJSON: each line is JSON.stringify of {size, vars, oinfo, tc, dtc, sinfo}, the CSV\'s numbers', async () => {
    const data = example();
    const csv = fresh('.csv');
    const ndjson = fresh('.ndjson');
    await searchAll(data, { target: 'y', maxSize: 3, out: csv, backend });
    const r = await searchAll(data, { target: 'y', maxSize: 3, out: ndjson, format: 'ndjson', backend });
    expect(r.format).toBe('ndjson');
    const lines = readFileSync(ndjson, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const rows = csvRows(csv);
    expect(lines.length).toBe(rows.length);
    lines.forEach((line, i) => {
      const o = JSON.parse(line);
      expect(Object.keys(o)).toEqual(['size', 'vars', 'oinfo', 'tc', 'dtc', 'sinfo']);
      expect(JSON.stringify(o)).toBe(line);
      expect({ size: o.size, vars: o.vars, text: { oinfo: String(o.oinfo), tc: String(o.tc), dtc: String(o.dtc), sinfo: String(o.sinfo) } }).toEqual(rows[i]);
    });
  });

  it('names with commas, quotes, line breaks and non-ASCII: quoted CSV fields, JSON strings', async () => {
    const columns = randomColumns(300, 5, 3);
    const names = ['a,b', 'say "hi"', 'line\nbreak', 'größe', 'plain'];
    const data = prepare(Object.fromEntries(Object.values(columns).map((c, i) => [names[i], c])));
    const csv = fresh('.csv');
    const ndjson = fresh('.ndjson');
    await searchAll(data, { maxSize: 3, out: csv, backend });
    await searchAll(data, { maxSize: 3, out: ndjson, format: 'ndjson', backend });
    const rows = csvRows(csv);
    const objects = readFileSync(ndjson, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.vars)).toEqual(objects.map((o) => o.vars));
    expect(rows[0].vars).toEqual(['a,b', 'say "hi"', 'line\nbreak']);
    expect(rows.at(-1)!.vars).toEqual(['line\nbreak', 'größe', 'plain']);
    const values = await everyMultiplet(data, { backend }, [3], 5);
    for (const row of rows) expect(row.text.oinfo).toBe(String(values.get(`3:${row.vars.join(';')}`)!.oinfo));
  });

  it('singular multiplets get no row and are counted, as the search counts them', async () => {
    const columns = randomColumns(200, 5, 4);
    const data = prepare({ ...columns, copy: columns.v1.slice() }); // v1 twice: every multiplet with both is singular
    const out = fresh('.csv');
    const r = await searchAll(data, { minSize: 3, maxSize: 4, out, backend });
    const s = await search(data, { minSize: 3, maxSize: 4, backend });
    expect(r.sizes.map((x) => x.singular)).toEqual(s.sizes.map((x) => x.singular));
    expect(r.sizes.map((x) => x.singular)).toEqual([binomial(4, 1), binomial(4, 2)]);
    const rows = csvRows(out);
    expect(rows.some((row) => row.vars.includes('v1') && row.vars.includes('copy'))).toBe(false);
    expectRankOrder(rows, r.variables, [3, 4], binomial(4, 1) + binomial(4, 2));
  });

  it('an abort stops it within moments and leaves nothing at the path, no temporary file either', async () => {
    const data = prepare(randomColumns(500, 60, 5));
    const sub = mkdtempSync(join(dir, 'abort-'));
    const out = join(sub, 'all.csv');
    const controller = new AbortController();
    let progressed = 0;
    const started = performance.now();
    const running = searchAll(data, {
      minSize: 5, maxSize: 5, out, backend, signal: controller.signal,
      onProgress: (done) => {
        progressed = done;
        if (done > 0) controller.abort();
      },
    });
    await expect(running).rejects.toBeInstanceOf(OinfoAbortError);
    expect(progressed).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('a failed write (a full device) is an OinfoWriteError with the system\'s code', async () => {
    const data = example();
    const error = await searchAll(data, { maxSize: 4, out: '/dev/full', backend }).catch((e) => e);
    expect(error).toBeInstanceOf(OinfoWriteError);
    expect(error.code).toBe('ENOSPC');
    expect(error.message).toBe('cannot write "/dev/full": no space left on device');
  });

  it('writes to an open file descriptor from its position, and leaves it open', async () => {
    const file = fresh('.csv');
    writeFileSync(file, '# before\n');
    const fd = openSync(file, 'a');
    try {
      const r = await searchAll(example(), { maxSize: 3, out: fd, header: false, backend });
      expect(r.out).toBe(fd);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('# before\n3,')).toBe(true);
      expect(text.split('\r\n').length - 1).toBe(binomial(13, 3));
    } finally {
      closeSync(fd); // still open: closing succeeds
    }
  });
});

describe('searchAll writes the same bytes whatever the work is cut into', () => {
  const data = () => prepare(randomColumns(400, 20, 6));
  let reference: Buffer;
  beforeAll(async () => {
    const out = join(dir, 'reference.csv');
    await searchAll(data(), { minSize: 3, maxSize: 5, out, threads: 1, backend: 'native' });
    reference = readFileSync(out);
    expect(reference.length).toBeGreaterThan(1_000_000); // C(20, 3..5) = 21,964 rows
  });

  it.each([
    { threads: 2 },
    { threads: 4 },
    { threads: 2, chunkRanks: 1 },
    { threads: 4, chunkRanks: 7, window: 1 },
    { threads: 3, chunkRanks: 100, window: 2 },
    { threads: 1, chunkRanks: 5000, window: 1 },
  ])('native, %o: the 1-thread bytes', async (cut) => {
    const out = fresh('.csv');
    await searchAll(data(), { minSize: 3, maxSize: 5, out, backend: 'native', ...cut });
    expect(readFileSync(out).equals(reference)).toBe(true);
  });

  it('WASM: the same rows, every number within 1e-12 (its libm\'s log may differ in the last bit)', async () => {
    const out = fresh('.csv');
    await searchAll(data(), { minSize: 3, maxSize: 5, out, backend: 'wasm', chunkRanks: 1000 });
    const wasm = csvRows(out);
    const native = csvRows(join(dir, 'reference.csv'));
    expect(wasm.length).toBe(native.length);
    let identical = 0;
    wasm.forEach((row, i) => {
      expect(row.vars).toEqual(native[i].vars);
      for (const key of ['oinfo', 'tc', 'dtc', 'sinfo'] as const) {
        const a = Number(row.text[key]), b = Number(native[i].text[key]);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
      }
      if (JSON.stringify(row) === JSON.stringify(native[i])) identical++;
    });
    console.log(`native vs WASM: ${identical} of ${wasm.length} rows byte-identical`);
    expect(identical).toBeGreaterThan(wasm.length * 0.99);
  });
});

describe('searchAll runs in constant memory', () => {
  /** Peak RSS (MB) of a process that writes every multiplet of size k of 60 variables to /dev/null. */
  async function peak(backend: string, k: number): Promise<{ rss: number; rows: number }> {
    const script = `
      import { prepare, searchAll } from ${JSON.stringify(join(REPO, 'dist', 'src', 'index.js'))};
      const columns = {};
      let s = 7;
      const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
      for (let j = 0; j < 60; j++) columns['v' + j] = Float64Array.from({ length: 300 }, () => next() + (j % 3) * next());
      const r = await searchAll(prepare(columns), { minSize: ${k}, maxSize: ${k}, out: '/dev/null', backend: '${backend}', threads: 2 });
      console.log(JSON.stringify({ rss: process.resourceUsage().maxRSS / 1024, rows: r.rows }));`;
    const file = join(dir, `peak-${backend}-${k}.mjs`);
    writeFileSync(file, script);
    const { stdout } = await run(process.execPath, [file], { timeout: 300_000 });
    return JSON.parse(stdout);
  }

  it.each(BACKENDS)('%s: C(60, 5) = 5.5e6 rows take no more memory than C(60, 4) = 4.9e5 (within 40 MB)', async (backend) => {
    const small = await peak(backend, 4);
    const large = await peak(backend, 5);
    expect(small.rows).toBe(binomial(60, 4));
    expect(large.rows).toBe(binomial(60, 5));
    console.log(`${backend}: peak RSS ${small.rss.toFixed(0)} MB for ${small.rows} rows, ${large.rss.toFixed(0)} MB for ${large.rows} rows`);
    expect(large.rss - small.rss).toBeLessThan(40);
  }, 300_000);
});

describe('searchAll refuses what it cannot do, in the API\'s words', () => {
  const base = (extra: Record<string, unknown>) => ({ maxSize: 3, out: join(dir, 'never.csv'), ...extra }) as unknown as SearchAllOptions;
  it.each([
    ['top', { top: 5 }],
    ['rankBy', { rankBy: 'tc' }],
    ['method', { method: 'annealing' }],
    ['budget', { budget: 10 }],
    ['histogram', { histogram: 10 }],
    ['bootstrap', { bootstrap: 10 }],
    ['permutations', { permutations: 10 }],
    ['shard', { shard: { from: 0, to: 1 } }],
  ])('%s does not apply', async (option, extra) => {
    const error = await searchAll(example(), base(extra)).catch((e) => e);
    expect(error).toBeInstanceOf(OinfoOptionError);
    expect(error.option).toBe(option);
    expect(error.message).toBe(`${option} does not apply to searchAll: it writes every multiplet of every size`);
  });

  it.each([
    [{ out: undefined }, 'out must be a file path or an open file descriptor, got undefined'],
    [{ out: -1 }, 'out must be a file path or an open file descriptor, got -1'],
    [{ format: 'json' }, 'format must be one of csv, ndjson, got "json"'],
    [{ format: 'ndjson', header: false }, 'header is the CSV header row: NDJSON has none'],
    [{ groups: 'g=a,b' }, 'groups is not supported by searchAll yet: write every multiplet of single columns, or search the groups'],
    [{ maxSize: 4, exhaustiveMax: 3 }, 'maxSize 4 is above exhaustiveMax 3, and searchAll writes exhaustive sizes only: raise exhaustiveMax to 4 or lower maxSize'],
    [{ maxSize: 20 }, 'maxSize out of range: 20 exceeds the 13 candidate variables'],
  ])('%o', async (extra, message) => {
    const error = await searchAll(example(), base(extra)).catch((e) => e);
    expect(error).toBeInstanceOf(OinfoInputError);
    expect(error.message).toBe(message);
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });

  it('searchAllPlan estimates the bytes within 10 %', async () => {
    const data = example();
    for (const format of ['csv', 'ndjson'] as const) {
      const out = fresh(`.${format}`);
      const plan = searchAllPlan(data, { maxSize: 5, format });
      const r = await searchAll(data, { maxSize: 5, out, format });
      expect(plan.multiplets).toBe(binomial(13, 3) + binomial(13, 4) + binomial(13, 5));
      expect(Math.abs(plan.bytes - r.bytes) / r.bytes).toBeLessThan(0.1);
    }
  });
});
