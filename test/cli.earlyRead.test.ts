/**
 * The `oinfo` entry's early read (src/cli/earlyRead.ts): which command lines start reading a file
 * before the CLI's modules load, and with which options. A wrong guess costs only the read (the reader
 * takes a read only if it was asked exactly so: test/csv.file.test.ts); these are the guesses.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../src/io/csvFast.js', () => ({ startCsvFileRead: vi.fn() }));

const { startCsvFileRead } = await import('../src/io/csvFast.js');
const { startEarlyRead } = await import('../src/cli/earlyRead.js');
const started = vi.mocked(startCsvFileRead);

afterEach(() => {
  started.mockClear();
  vi.unstubAllEnvs();
});

describe('the early read of the command line’s data file', () => {
  it('starts for `search FILE.csv` and `measure FILE.csv`, natively, with the threads asked for', () => {
    startEarlyRead(['search', 'data.csv', '--target', 'y', '--max-size', '5', '--threads', '2']);
    startEarlyRead(['measure', 'Data.CSV', '--threads=3']);
    startEarlyRead(['search', 'data.csv', '--backend', 'native']);
    expect(started.mock.calls).toEqual([
      ['data.csv', { backend: 'native', threads: 2 }],
      ['Data.CSV', { backend: 'native', threads: 3 }],
      ['data.csv', { backend: 'native', threads: undefined }],
    ]);
  });

  it('does not start where the file would not be read natively as a CSV, or is not the first word', () => {
    vi.stubEnv('OINFO_BACKEND', '');
    for (const argv of [
      [],
      ['search'],
      ['copula', 'data.csv'],
      ['search', '--target', 'y', 'data.csv'],
      ['search', '-', '--max-size', '3'],
      ['search', 'data.npy', '--max-size', '3'],
      ['search', 'data.csv', '--backend', 'wasm'],
      ['search', 'data.csv', '--backend=wasm'],
      ['search', 'data.csv', '--covariance', 'cov.json'],
      ['search', 'data.csv', '--', '--weird.csv'],
    ])
      startEarlyRead(argv);
    vi.stubEnv('OINFO_BACKEND', 'wasm');
    startEarlyRead(['search', 'data.csv', '--max-size', '3']);
    expect(started).not.toHaveBeenCalled();
  });

  it('a bad --threads is the command’s to report: the read uses all cores', () => {
    for (const threads of ['0', '-1', '1.5', 'two']) startEarlyRead(['search', 'data.csv', '--threads', threads]);
    expect(started.mock.calls.map(([, options]) => options?.threads)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
