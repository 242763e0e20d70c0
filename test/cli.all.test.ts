/**
 * `oinfo search --all`: the rows as the API writes them, to a file (format from the extension), to stdout,
 * to a reader that goes away; the summary on stderr; Ctrl-C leaves nothing; and a one-line refusal (exit 2)
 * for everything it does not do — each with its own test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { searchAll } from '../src/api/searchAll.js';
import { readTable } from '../src/io/readTable.js';
import { CLI, oinfo, REPO } from './helpers/cli.js';
import { binomial } from './helpers/combinatorics.js';

const dir = mkdtempSync(join(tmpdir(), 'oinfo-cli-all-')); // made at load: the refusal table below names files in it
const wide = join(dir, 'wide.csv'); // 60 columns: C(60, 5) = 5.5e6 rows, seconds to write
const example = join(REPO, 'data', 'example.csv');

/** A CSV of `columns` columns and `rows` rows of random numbers (a seeded LCG). */
function table(columns: number, rows: number): string {
  let s = 11;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = [Array.from({ length: columns }, (_, j) => `c${j}`).join(',')];
  for (let i = 0; i < rows; i++) lines.push(Array.from({ length: columns }, (_, j) => (next() + (j % 4) * next()).toFixed(6)).join(','));
  return `${lines.join('\n')}\n`;
}

beforeAll(() => writeFileSync(wide, table(60, 300)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI with stdout and stderr collected, asynchronously (a long spawnSync would starve vitest). */
function runAsync(args: string[], onStart?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    onStart?.(child);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('oinfo search --all', () => {
  it('writes the rows the API writes, the format from the extension, a summary on stderr', async () => {
    const api = join(dir, 'api.csv');
    await searchAll(prepare(readTable(example)), { target: 'y', maxSize: 4, out: api });
    for (const [file, format] of [['all.csv', 'csv'], ['all.ndjson', 'ndjson'], ['all.jsonl', 'ndjson']] as const) {
      const out = join(dir, file);
      const r = oinfo(['search', example, '--target', 'y', '--max-size', '4', '--all', '--out', out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      const rows = binomial(12, 2) + binomial(12, 3) + binomial(12, 4);
      expect(r.stderr).toMatch(new RegExp(`^oinfo: wrote ${out.replace(/[.]/g, '\\.')}: ${rows.toLocaleString('en-US')} rows \\(sizes 2–4, ${format}, bits, bias-corrected\\), [0-9.]+ kB in [0-9.]+ s\\n$`));
      if (format === 'csv') expect(readFileSync(out).equals(readFileSync(api))).toBe(true);
      else expect(readFileSync(out, 'utf8').split('\n').length - 1).toBe(rows);
    }
  });

  it('--out - streams to a pipe: the same bytes; a reader that goes away (| head) is no error', async () => {
    const file = join(dir, 'piped.csv');
    oinfo(['search', example, '--max-size', '4', '--all', '--out', file]);
    const r = spawnSync(process.execPath, [CLI, 'search', example, '--max-size', '4', '--all', '--out', '-'], { cwd: REPO });
    expect(r.status).toBe(0);
    expect(r.stdout.equals(readFileSync(file))).toBe(true);
    expect(String(r.stderr)).toMatch(/^oinfo: wrote standard output: 1,001 rows/);
    const status = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" search "${wide}" --min-size 4 --max-size 4 --all --out - | head -c 1000 > /dev/null; echo \${PIPESTATUS[0]}`], { cwd: REPO, encoding: 'utf8' });
    expect(status.stdout.trim()).toBe('0');
    expect(status.stderr).toBe('');
  });

  it('replaces an existing file whole; writes a device (/dev/null) directly', () => {
    const out = join(dir, 'existing.csv');
    writeFileSync(out, 'old content\n');
    expect(oinfo(['search', example, '--max-size', '3', '--all', '--out', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('size,oinfo,tc,dtc,sinfo,vars\r\n3,')).toBe(true);
    const r = oinfo(['search', example, '--max-size', '3', '--all', '--out', '/dev/null']);
    expect(r.code).toBe(0);
    expect(existsSync('/dev/null')).toBe(true);
  });

  it('a full disk: exit 1, one line', () => {
    const r = oinfo(['search', example, '--max-size', '4', '--all', '--out', '/dev/full']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('oinfo: cannot write --out "/dev/full": no space left on device\n');
  });

  it('Ctrl-C: exit 130, one line, no file and no temporary file', async () => {
    const sub = mkdtempSync(join(dir, 'interrupt-'));
    const out = join(sub, 'all.csv');
    const r = await runAsync(['search', wide, '--min-size', '5', '--max-size', '5', '--threads', '1', '--all', '--out', out], (child) => {
      const started = Date.now();
      const poll = setInterval(() => {
        // Once the rows' temporary file exists (or after 3 s), the run is under way. Not any .tmp: the
        // writability probe of --out (.oinfo-probe.*.tmp) comes and goes before Ctrl-C is wired.
        const tmp = readdirSync(sub).filter((f) => f.startsWith('.all.csv.') && f.endsWith('.tmp'));
        if (tmp.length > 0 || Date.now() - started > 3000) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/oinfo: interrupted; nothing was written\n$/);
    expect(readdirSync(sub)).toEqual([]);
  });

  it('a large output is announced, and refused above 10 GB without --yes', () => {
    const r = oinfo(['search', wide, '--min-size', '7', '--max-size', '7', '--exhaustive-max', '7', '--all', '--out', join(dir, 'big.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oinfo: 3\.86e8 multiplets to write, about [0-9]+ GB, about [0-9]+ (s|min) with [0-9]+ threads? \(or what the disk takes\); refusing above 10 GB without --yes \(or lower --max-size, or fewer --vars\)\n$/);
    expect(existsSync(join(dir, 'big.csv'))).toBe(false);
  });

  describe('refuses with one line (exit 2)', () => {
    const all = (...extra: string[]) => ['search', example, '--max-size', '3', '--all', ...extra];
    const out = () => ['--out', join(dir, 'refused.csv')];
    it.each([
      ['no --out', all(), '--all needs --out FILE (.csv or .ndjson) for its rows, or --out - for standard output'],
      ['a json extension', all('--out', join(dir, 'r.json')), '--all writes CSV (.csv) or NDJSON (.ndjson, .jsonl) rows, not .json: change --out\'s extension, or give --format csv|ndjson'],
      ['--format table', all(...out(), '--format', 'table'), '--all writes csv or ndjson rows, not table: use --format csv or --format ndjson'],
      ['--format json', all('--out', '-', '--format', 'json'), '--all writes csv or ndjson rows, not json: use --format csv or --format ndjson'],
      ['a format against the extension', all(...out(), '--format', 'ndjson'), `--out "${join(dir, 'refused.csv')}" has the extension .csv but --format is ndjson: change the extension or drop --format`],
      ['two inputs', ['search', example, example, '--max-size', '3', '--all', ...out()], '--all writes one file: give one input with it'],
      ['--queue', all(...out(), '--queue', 'redis://localhost:1'), '--all writes every multiplet on this machine: drop --queue (a distributed search keeps top lists)'],
      ['--top', all(...out(), '--top', '5'), '--top does not apply to --all: it writes every multiplet of every size'],
      ['--rank-by', all(...out(), '--rank-by', 'tc'), '--rank-by does not apply to --all: it writes every multiplet of every size'],
      ['--method', all(...out(), '--method', 'annealing'), '--method does not apply to --all: it writes every multiplet of every size'],
      ['--beam', all(...out(), '--beam', '3'), '--beam does not apply to --all: it writes every multiplet of every size'],
      ['--budget', all(...out(), '--budget', '100'), '--budget does not apply to --all: it writes every multiplet of every size'],
      ['--budget as a time', all(...out(), '--budget', '10s'), '--budget does not apply to --all: it writes every multiplet of every size'],
      ['--histogram', all(...out(), '--histogram', '10'), '--histogram does not apply to --all: it writes every multiplet of every size'],
      ['--bootstrap', all(...out(), '--bootstrap', '10'), '--bootstrap does not apply to --all: it writes every multiplet of every size'],
      ['--permutations', all(...out(), '--permutations', '10'), '--permutations does not apply to --all: it writes every multiplet of every size'],
      ['--seed', all(...out(), '--seed', '3'), '--seed does not apply to --all: it writes every multiplet of every size'],
      ['--groups', all(...out(), '--groups', 'g=a,b'), '--groups is not supported by --all yet: write every multiplet of single columns, or search the groups'],
      ['sizes above --exhaustive-max', ['search', example, '--max-size', '7', '--all', ...out()], '--max-size 7 is above --exhaustive-max 6, and --all writes exhaustive sizes only: raise --exhaustive-max to 7 or lower --max-size'],
    ])('%s', (_, args, message) => {
      const r = oinfo(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`oinfo: ${message}\n`);
      expect(r.stdout).toBe('');
      expect(existsSync(join(dir, 'refused.csv'))).toBe(false);
    });

    it('--out - on a terminal', () => {
      // `script` gives the CLI a pseudo-terminal as stdout.
      const command = `"${process.execPath}" "${CLI}" search "${example}" --max-size 3 --all --out -; echo "exit=$?"`;
      const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: REPO, encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      expect(r.stdout).toContain('oinfo: --all --out - would print every multiplet on the terminal: give --out FILE, or pipe it (… --out - | gzip > all.csv.gz)');
      expect(r.stdout).toContain('exit=2');
    });
  });
});
