/**
 * `oinfo plot landscape`: the landscape of a search result as SVG and PNG (the density of every
 * multiplet from --histogram, the listed ones on top), and its one-line errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { landscapeSpec } from '../src/report/landscape.js';
import { oinfo } from './helpers/cli.js';
import { SYNTH_CSV } from './helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'oinfo-plot-'));
const result = join(dir, 'result.json');

describe('oinfo plot landscape', () => {
  it('draws the density of every multiplet and the listed ones, as SVG and PNG', () => {
    expect(oinfo(['search', SYNTH_CSV(), '--min-size', '3', '--max-size', '5', '--exhaustive-max', '4', '--histogram', '30', '--out', result]).code).toBe(0);
    const out = join(dir, 'land.svg');
    const r = oinfo(['plot', 'landscape', result, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`oinfo: wrote ${out} and ${join(dir, 'land.png')}\n`);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('O-information landscape');
    expect(svg).toContain('exhaustive sizes only'); // size 5 is greedy: points only
    const png = readFileSync(join(dir, 'land.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The spec shades exactly the non-empty bins of the histograms and marks every listed multiplet.
    const parsed = JSON.parse(readFileSync(result, 'utf8'));
    const spec = landscapeSpec(parsed, 'r.json') as unknown as { layer: { data: { values: unknown[] } }[] };
    const bins = parsed.sizes.flatMap((s: { histogram?: { counts: number[] } }) => (s.histogram ? s.histogram.counts.filter((c) => c > 0) : []));
    expect(spec.layer[0].data.values).toHaveLength(bins.length);
    const listed = parsed.sizes.reduce((n: number, s: { synergy: unknown[]; redundancy: unknown[] }) => n + s.synergy.length + s.redundancy.length, 0);
    expect(spec.layer[2].data.values).toHaveLength(listed);
  });

  it('says what is wrong in one line (exit 2) and never overwrites the result', () => {
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"sizes":');
    const several = join(dir, 'several.json');
    writeFileSync(several, '[{}, {}]');
    const namedSvg = join(dir, 'result-as.svg'); // a result saved under an .svg name
    writeFileSync(namedSvg, readFileSync(result));
    for (const [args, message] of [
      [['plot', 'landscape', notJson], /is not JSON/],
      [['plot', 'landscape', several], /holds 2 results \(several inputs\): plot one search's JSON/],
      [['plot', 'landscape', join(dir, 'missing.json')], /no such file/],
      [['plot', 'landscape', result, '--out', join(dir, 'x.png')], /must end in \.svg/],
      [['plot', 'landscape', namedSvg, '--out', namedSvg], /would overwrite the result/],
    ] as const) {
      const r = oinfo([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(namedSvg, 'utf8')).toBe(readFileSync(result, 'utf8'));
  });
});
