/**
 * An option a call does not have is refused, never ignored: `search(data, { maxsize: 5 })` would
 * otherwise search the default sizes and return numbers for a question nobody asked. The message names
 * the option meant when it is close (closestName), else lists the call's options.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  copnorm,
  covarianceOf,
  entropy,
  fromCovariance,
  gcmiMixtureCD,
  gcmiModelCD,
  measure,
  mi,
  miMixtureGd,
  miModelGd,
  plannedMultiplets,
  prepare,
  readTable,
  search,
  searchAll,
  searchAllPlan,
  searchDistributed,
  Worker,
} from '../src/index.js';
import { reproduce, silentReporter } from '../src/pipeline/index.js';
import { closestName } from '../src/util/closestName.js';
import { oinfo } from './helpers/cli.js';
import { inputError } from './helpers/inputError.js';
import { randomColumns } from './helpers/random.js';

const columns = randomColumns(40, 5, 3);
const labelled = { ...columns, y: Array.from({ length: 40 }, (_, i) => i % 2) };
const x = columns.v0;
const y = labelled.y;
const dir = mkdtempSync(join(tmpdir(), 'oinfo-unknown-options-'));
const csv = join(dir, 'data.csv');
writeFileSync(csv, 'a,b,c\n' + Array.from({ length: 12 }, (_, i) => `${i},${(i * 7) % 5},${(i * i) % 11}`).join('\n') + '\n');

/** Each public call with an options object, given `extra` on top of options it needs. */
const CALLS: [string, (extra: Record<string, unknown>) => unknown][] = [
  ['search', (extra) => search(columns, { maxSize: 3, ...extra })],
  ['plannedMultiplets', (extra) => plannedMultiplets(columns, { maxSize: 3, ...extra })],
  ['searchAll', (extra) => searchAll(columns, { maxSize: 3, out: join(dir, 'all.csv'), ...extra })],
  ['searchAllPlan', (extra) => searchAllPlan(columns, { maxSize: 3, ...extra })],
  // Aborted from the start: past its checks it stops before connecting.
  ['searchDistributed', (extra) => searchDistributed(columns, { maxSize: 3, queue: 'redis://127.0.0.1:1', signal: AbortSignal.abort(), ...extra })],
  ['Worker', (extra) => new Worker({ queue: 'redis://127.0.0.1:1', ...extra })],
  ['measure', (extra) => measure(columns, { vars: ['v0', 'v1', 'v2'], ...extra })],
  ['entropy', (extra) => entropy(columns, { vars: ['v0', 'v1'], ...extra })],
  ['mi', (extra) => mi(labelled, { target: 'y', ...extra })],
  ['copnorm', (extra) => copnorm(x, extra)],
  ['prepare', (extra) => prepare(columns, extra)],
  ['fromCovariance', (extra) => fromCovariance(covarianceOf(prepare(columns)), extra)],
  ['readTable', (extra) => readTable(csv, extra)],
  ['miModelGd', (extra) => miModelGd(x, y, 2, extra)],
  ['gcmiModelCD', (extra) => gcmiModelCD(x, y, 2, extra)],
  ['miMixtureGd', (extra) => miMixtureGd(x, y, 2, extra)],
  ['gcmiMixtureCD', (extra) => gcmiMixtureCD(x, y, 2, extra)],
];

describe('an option the call does not have', () => {
  it.each(CALLS)('%s: refused, naming the one meant when it is close', async (call, f) => {
    const error = await inputError(() => f({ Backend: 'native' }));
    expect(error.message).toBe(`${call} has no option "Backend": did you mean "backend"?`);
  });

  it.each(CALLS)('%s: refused, listing the options when none is close', async (call, f) => {
    const error = await inputError(() => f({ colour: 'blue' }));
    expect(error.message).toMatch(new RegExp(`^${call} has no option "colour": its options are (\\w+, )*\\w+$`));
    expect(error.message).toContain('backend');
  });

  it.each(CALLS)('%s: an unknown option set to undefined is no option given', async (_call, f) => {
    // searchDistributed then stops, aborted: whatever error comes, it is not about the option.
    try {
      await f({ colour: undefined });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/has no option/);
    }
  });

  it('search: the common slips of a size option', async () => {
    for (const [typed, meant] of [
      ['maxsize', 'maxSize'],
      ['max_size', 'maxSize'],
      ['minSise', 'minSize'],
      ['threds', 'threads'],
      ['rank_by', 'rankBy'],
    ]) {
      const error = await inputError(() => search(columns, { maxSize: 3, [typed]: 4 }));
      expect(error.message).toBe(`search has no option "${typed}": did you mean "${meant}"?`);
    }
  });

  it('searchAll: the search options it refuses by name keep their own message', async () => {
    const error = await inputError(() => searchAll(columns, { maxSize: 3, out: join(dir, 'all2.csv'), top: 5 } as never));
    expect(error.message).toMatch(/^top does not apply to searchAll/);
  });

  it('searchDistributed: the uncertainty options it cannot take keep their own message, before any connection', async () => {
    for (const [option, value] of [
      ['bootstrap', 10],
      ['ci', 0.9],
      ['null', 'all'],
    ] as const) {
      const error = await inputError(() => searchDistributed(columns, { maxSize: 3, queue: 'redis://127.0.0.1:1', [option]: value } as never));
      expect(error.message).toMatch(new RegExp(`^${option} (needs|belongs to)`));
      expect(error.message).toMatch(/run it without queue$/);
    }
  });

  it('reproduce: refused before a run folder is made', async () => {
    const run = join(dir, 'run');
    const error = await inputError(() => reproduce(run, { epoch: 3 } as never, silentReporter));
    expect(error.message).toBe('reproduce has no option "epoch": did you mean "epochs"?');
    expect(existsSync(run)).toBe(false);
  });

  it('miModelGd: biasCorrect and demeaned must be booleans', async () => {
    expect((await inputError(() => miModelGd(x, y, 2, { biasCorrect: 'no' as never }))).message).toMatch(/^biasCorrect must be true or false, got "no"/);
    expect((await inputError(() => miModelGd(x, y, 2, { demeaned: 1 as never }))).message).toMatch(/^demeaned must be true or false, got 1/);
    expect(miModelGd(x, y, 2, { biasCorrect: false })).not.toBe(miModelGd(x, y, 2));
  });
});

describe('the command line', () => {
  it('--ci with --queue: refused in its flags before any connection (the queue used to drop it)', () => {
    const r = oinfo(['search', csv, '--max-size', '2', '--queue', 'redis://127.0.0.1:1', '--ci', '0.9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'oinfo: --ci belongs to --bootstrap, which needs the samples that a distributed search never sends: run it without --queue\n',
    );
  });
});

describe('closestName', () => {
  const names = ['backend', 'maxSize', 'minSize', 'threads', 'top', 'ci', 'vars'];

  it.each([
    ['maxsize', 'maxSize'],
    ['MAX-SIZE', 'maxSize'],
    ['max_size', 'maxSize'],
    ['threds', 'threads'],
    ['thread', 'threads'],
    ['tops', 'top'],
    ['var', 'vars'],
  ])('%s → %s', (typed, meant) => expect(closestName(typed, names)).toBe(meant));

  it.each(['colour', 'x', 'seed', 'maximum', ''])('%s → nothing close', (typed) => expect(closestName(typed, names)).toBeUndefined());
});
