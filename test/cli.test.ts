/** The oinfo command line: JSON outputs of SPEC §4, atomic --out, and one clear line for every bad input. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { oinfo } from './helpers/cli.js';
import { loadReference, SYNTH_CSV } from './helpers/reference.js';

let dir: string;
let csv: string;
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oinfo-cli-'));
  csv = SYNTH_CSV();
});

describe('oinfo measure', () => {
  it('prints the measures of one multiplet as SPEC §4 JSON', () => {
    const r = oinfo(['measure', csv, '--vars', 'x3,x4,x5', '--target', 'y', '--target-kind', 'continuous']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['vars', 'target', 'target_kind', 'n_samples', 'units', 'bias_corrected', 'oinfo', 'tc', 'dtc', 'sinfo', 'backend', 'oinfo_version']);
    expect(out).toMatchObject({ vars: ['x3', 'x4', 'x5'], target: ['y'], target_kind: 'continuous', n_samples: 2000, units: 'bits', bias_corrected: true, backend: 'native' });
    const ref = loadReference('oinfo_label.json');
    const i = ref.idx['3'].findIndex((idx: number[]) => idx.join(',') === '3,4,5,8');
    expect(Math.abs(out.oinfo - ref.results.bits_bc['3'].o[i])).toBeLessThan(1e-9);
  });

  it('honours --units nats and --no-bias-correct; target is [] without one', () => {
    const out = JSON.parse(oinfo(['measure', csv, '--vars', 'x0,x1,x2', '--units', 'nats', '--no-bias-correct']).stdout);
    expect(out.target).toEqual([]);
    expect(out.target_kind).toBeNull();
    expect(out.units).toBe('nats');
    expect(out.bias_corrected).toBe(false);
    const ref = loadReference('oinfo.json');
    expect(Math.abs(out.oinfo - ref.results.nats['3'].o[0])).toBeLessThan(1e-9);
  });
});

describe('oinfo search', () => {
  it('prints top lists per size as SPEC §4 JSON', () => {
    const r = oinfo(['search', csv, '--target', 'y', '--target-kind', 'continuous', '--min-size', '3', '--max-size', '4', '--top', '2', '--threads', '2']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['backend', 'n_samples', 'variables', 'target', 'target_kind', 'units', 'bias_corrected', 'rank_by', 'sizes', 'elapsed_s', 'oinfo_version']);
    expect(out.target_kind).toBe('continuous');
    expect(out.variables).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    expect(out.target).toEqual(['y']);
    expect(out.sizes.map((s: any) => [s.size, s.method, s.evaluated, s.singular])).toEqual([
      [3, 'exhaustive', 56, 0],
      [4, 'exhaustive', 70, 0],
    ]);
    expect(out.sizes[0].synergy[0].vars).toEqual(['x3', 'x4', 'x5']);
    expect(out.sizes[0].redundancy[0].vars).toEqual(['x0', 'x1', 'x2']);
    expect(out.sizes[0].synergy).toHaveLength(2);
  });

  it('writes --out atomically and leaves no temporary file', () => {
    const out = join(dir, 'nested', 'result.json');
    const r = oinfo(['search', csv, '--max-size', '3', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`wrote ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).sizes[0].size).toBe(3);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['result.json']);
  });

  it('runs greedy sizes above --exhaustive-max', () => {
    const out = JSON.parse(oinfo(['search', csv, '--target', 'y', '--max-size', '6', '--exhaustive-max', '3', '--beam', '2']).stdout);
    expect(out.sizes.map((s: any) => s.method)).toEqual(['exhaustive', 'exhaustive', 'greedy', 'greedy', 'greedy']);
  });

  it('refuses more than 1e11 multiplets without --yes, announcing the count and time', () => {
    const header = Array.from({ length: 400 }, (_, i) => `c${i}`).join(',');
    const rows = Array.from({ length: 12 }, (_, r) => Array.from({ length: 400 }, (_, i) => Math.sin(r * 400 + i * 1.7)).join(','));
    const wide = write('wide.csv', [header, ...rows].join('\n'));
    const r = oinfo(['search', wide, '--min-size', '6', '--max-size', '6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^oinfo: 5\.\d+e12 multiplets to evaluate, about .* refusing above 1\.00e11 without --yes/);
  });

  it('--help shows examples', () => {
    const r = oinfo(['search', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--exhaustive-max');
  });
});

describe('limits that change no result', () => {
  it('--exhaustive-max above --max-size searches every size exhaustively (no overflow, no refusal)', () => {
    const r = oinfo(['search', csv, '--target', 'y', '--max-size', '4', '--exhaustive-max', '2147483648', '--top', '1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).sizes.map((s: any) => s.method)).toEqual(['exhaustive', 'exhaustive', 'exhaustive']);
  });

  it('--version is oinfo’s own, whatever project runs it', () => {
    const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
    const r = oinfo(['--version'], { npm_package_version: '9.9.9' });
    expect(r.stdout.trim()).toBe(own);
  });
});

describe('bad input: exit code 2 and one line "oinfo: …"', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['measure', join(dir, 'nope.csv'), '--vars', 'a,b,c'], /nope\.csv/],
    ['an unknown column', () => ['measure', csv, '--vars', 'x0,x1,zz'], /unknown column "zz"/],
    ['an unknown target', () => ['search', csv, '--target', 'label', '--max-size', '3'], /unknown target "label"/],
    ['a non-numeric cell', () => ['measure', write('text.csv', 'a,b,c\n1,2,3\n4,oops,6\n7,8,9\n1,5,2\n'), '--vars', 'a,b,c'], /non-numeric value "oops" in column "b"/],
    ['NaN', () => ['measure', write('nan.csv', 'a,b,c\n1,2,3\n4,NaN,6\n7,8,9\n1,5,2\n'), '--vars', 'a,b,c'], /column "b" has NaN/],
    ['Inf', () => ['search', write('inf.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8,-inf\n1,5,2\n'), '--max-size', '3'], /column "c" has -?Inf/i],
    ['fewer samples than variables + 2', () => ['measure', write('short.csv', 'a,b,c\n1,2,3\n4,5,7\n7,8,8\n1,5,2\n'), '--vars', 'a,b,c'], /fewer samples than variables \+ 2/],
    ['a size out of range', () => ['search', csv, '--max-size', '12'], /size out of range/],
    ['a size below 3 without a target', () => ['search', csv, '--min-size', '2', '--max-size', '3'], /size out of range/],
    ['a non-integer size', () => ['search', csv, '--max-size', 'three'], /--max-size/],
    ['--top 0', () => ['search', csv, '--max-size', '3', '--top', '0'], /--top/],
    ['bad units', () => ['measure', csv, '--vars', 'x0,x1', '--units', 'dits'], /--units/],
    ['a bad backend', () => ['measure', csv, '--vars', 'x0,x1', '--backend', 'gpu'], /--backend/],
    ['a missing --max-size', () => ['search', csv], /--max-size/],
    ['an unknown option', () => ['search', csv, '--max-size', '3', '--fast'], /unknown option '--fast'/],
    ['an unknown command', () => ['frobnicate'], /unknown command/],
    ['a repeated variable', () => ['measure', csv, '--vars', 'x0,x0,x1'], /listed twice/],
    ['an unsupported file type', () => ['measure', write('data.txt', 'a b c'), '--vars', 'a'], /data\.txt/],
    ['a bad OINFO_BACKEND', () => ['measure', csv, '--vars', 'x0,x1'], /OINFO_BACKEND/],
    // Ranges are the API's to check; its errors name the flag typed (issue #8 item 7: the real limits).
    ['--top 2147483648', () => ['search', csv, '--max-size', '3', '--top', '2147483648'], /^oinfo: --top must be an integer from 1 to 1,000,000, got 2147483648$/],
    ['--beam 2147483648', () => ['search', csv, '--max-size', '5', '--exhaustive-max', '3', '--beam', '2147483648'], /^oinfo: --beam must be an integer from 1 to 1,000,000/],
    ['--threads 0', () => ['search', csv, '--max-size', '3', '--threads', '0'], /^oinfo: --threads must be an integer from 1 to 1,024, got 0$/],
    ['--units in another flag', () => ['search', csv, '--max-size', '3', '--units', 'dits'], /^oinfo: --units must be "bits" or "nats", got "dits"$/],
    ['--seeds 0', () => ['reproduce', '--seeds', '0', '--out', join(dir, 'never-made')], /^oinfo: --seeds must be an integer from 1 to 1,000, got 0$/],
    ['--mode bogus', () => ['reproduce', '--mode', 'bogus', '--out', join(dir, 'never-made')], /^oinfo: --mode must be one of prune, freeze-init, freeze-trained, got "bogus"$/],
  ];

  it.each(cases)('%s', (label, args, message) => {
    const env: Record<string, string> = label === 'a bad OINFO_BACKEND' ? { OINFO_BACKEND: 'quantum' } : {};
    const r = oinfo(args(), env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^oinfo: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
