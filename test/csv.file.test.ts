/**
 * The CSV fast path reading the file itself (native/engine/csv_file.hpp, src/io/csvFast.ts's
 * readCsvFileFast): each thread streams its line-aligned share through a 256 KB buffer, carrying a
 * partial line to the next read. Its numbers are the in-memory reader's (csvNumbers) to the last bit,
 * wherever a part or a read ends — inside a CRLF, a cell, a blank line, a line longer than the buffer —
 * and it declines what it must: a file that no longer starts as the caller read it, anything it
 * cannot read.
 */
import { mkdirSync } from 'node:fs';

import { describe, expect, it, vi } from 'vitest';

import { prepare } from '../src/api/dataset.js';
import { getEngine } from '../src/backend/load.js';
import { parseCsv } from '../src/io/csv.js';
import { readCsvFileFast, startCsvFileRead } from '../src/io/csvFast.js';
import { readTable } from '../src/io/readTable.js';
import type { Table } from '../src/io/table.js';
import { syntheticData } from '../bench/data.js';
import { inputFolder } from './helpers/inputFiles.js';

const write = inputFolder('oinfo-csv-file-');
const engine = getEngine('native');

/** The engine's read of a file, started and finished (what readCsvFileFast does after the header). */
function csvFileNumbers(file: string, head: Uint8Array, fields: number, crlf: boolean, threads = 0): Float64Array | undefined {
  const read = engine.startCsvFile(file, head, fields, crlf, threads);
  return read && engine.finishCsvFile(read);
}

function expectSameTable(actual: Table, expected: Table): void {
  expect(actual.names).toEqual(expected.names);
  expect(actual.nSamples).toBe(expected.nSamples);
  actual.columns.forEach((column, j) =>
    column.forEach((v, i) => {
      if (!Object.is(v, expected.columns[j][i])) expect.fail(`column ${j} row ${i}: ${v} !== ${expected.columns[j][i]}`);
    }),
  );
}

/** A header and `rows` rows of 17-digit numbers, with blank lines and an extra-long line placed by `shape`. */
function text(rows: number, fields: number, shape: { crlf: boolean; longLineAt?: number; blankEvery?: number; lastEnd: boolean }, seed = 3): string {
  const d = syntheticData(rows, fields - 1, true, seed);
  const end = shape.crlf ? '\r\n' : '\n';
  const lines = Array.from({ length: rows }, (_, i) => d.names.map((_, j) => String(d.data[j * rows + i])).join(','));
  const body = lines.flatMap((line, i) => [
    ...(shape.blankEvery && i % shape.blankEvery === 0 ? [' \t'] : []),
    i === shape.longLineAt ? `${' '.repeat(300_000)}${line}${'\t'.repeat(100_000)}` : line,
  ]);
  return `${d.names.join(',')}${end}${body.join(end)}${shape.lastEnd ? end : ''}`;
}

const shapes = [
  { crlf: false, lastEnd: true },
  { crlf: true, lastEnd: false, blankEvery: 53 },
  { crlf: false, lastEnd: false, longLineAt: 4_000 },
  { crlf: true, lastEnd: true, longLineAt: 0, blankEvery: 7 },
];

describe('the engine reading a CSV file itself', () => {
  it.each(shapes)('gives the in-memory reader’s numbers for 1, 2 and 3 parts (%o)', (shape) => {
    const content = text(9_000, 7, shape); // ~1.2–1.6 MB: several reads of the buffer per part
    const file = write('data.csv', content);
    const bytes = Buffer.from(content);
    const lf = bytes.indexOf(0x0a);
    const expected = engine.csvNumbers(bytes.subarray(lf + 1), 7, shape.crlf, 1)!;
    expect(expected).toBeDefined();
    for (const threads of [1, 2, 3]) {
      const values = csvFileNumbers(file, bytes.subarray(0, lf + 1), 7, shape.crlf, threads);
      expect(values, `${threads} threads`).toBeDefined();
      expect(values!.length).toBe(expected.length);
      values!.forEach((v, i) => {
        if (!Object.is(v, expected[i])) expect.fail(`${threads} threads, value ${i}: ${v} !== ${expected[i]}`);
      });
    }
  });

  it('readTable takes it for a large native file, with the JavaScript reader’s table', () => {
    const content = text(12_000, 5, { crlf: true, lastEnd: true, blankEvery: 101 });
    const file = write('table.csv', content);
    const viaFile = readCsvFileFast(file, { backend: 'native' });
    expect(viaFile, 'the file path was taken').toBeDefined();
    expectSameTable(viaFile!, parseCsv(content, file));
    expectSameTable(readTable(file, { backend: 'native' }), parseCsv(content, file));
    expect(readCsvFileFast(file, { backend: 'wasm' }), 'WASM reads no files').toBeUndefined();
  });

  it('declines a file that no longer starts as the caller read it, and one it cannot read', () => {
    const content = text(2_000, 3, { crlf: false, lastEnd: true });
    const file = write('changed.csv', content);
    const header = Buffer.from(content.slice(0, content.indexOf('\n') + 1));
    expect(csvFileNumbers(file, header, 3, false)).toBeDefined();
    expect(csvFileNumbers(file, Buffer.from(header.toString().replace('x0', 'x9')), 3, false), 'another header').toBeUndefined();
    expect(csvFileNumbers(file, Buffer.concat([header, Buffer.from('1,2,3\n')]), 3, false), 'a longer head').toBeUndefined();
    expect(csvFileNumbers(write.path('missing.csv'), header, 3, false), 'no such file').toBeUndefined();
    const dir = write.path('folder.csv');
    mkdirSync(dir);
    expect(csvFileNumbers(dir, header, 3, false), 'a directory').toBeUndefined();
    expect(readCsvFileFast(dir, { backend: 'native' }), 'a directory: the caller’s reader says why').toBeUndefined();
  });

  it('its tables are not checked twice for NaN, yet prepare names one that came later by column and row', () => {
    const file = write('later.csv', text(3_000, 4, { crlf: false, lastEnd: true }));
    for (const backend of ['native', 'wasm'] as const) {
      const t = readTable(file, { backend: 'native' });
      expect(prepare(t, { backend }).nSamples).toBe(3_000);
      t.columns[2][41] = Number.NaN; // after reading: the engine's copula step refuses it, validateTable names it
      expect(() => prepare(t, { backend }), backend).toThrow('column "x2" has NaN at row 42');
      expect(() => prepare(t, { backend, threads: -1 }), 'before a bad option').toThrow('column "x2" has NaN at row 42');
      expect(() => prepare(t, { backend: 'gpu' }), 'before a bad backend').toThrow('column "x2" has NaN at row 42');
    }
  });

  it('a read started early is taken by the reader of that file, and only by it', () => {
    const a = text(9_000, 5, { crlf: false, lastEnd: true }, 5);
    const b = text(9_000, 5, { crlf: false, lastEnd: true }, 6);
    const fileA = write('early-a.csv', a);
    const fileB = write('early-b.csv', b);
    startCsvFileRead(fileA, { backend: 'native' });
    expectSameTable(readCsvFileFast(fileB, { backend: 'native' })!, parseCsv(b, fileB)); // not A's read
    expectSameTable(readCsvFileFast(fileA, { backend: 'native' })!, parseCsv(a, fileA)); // A's read, taken
    // Taken, not read again: numbers changed after the early read was done are not seen (the command
    // reads its file once, at its start), as long as the head is the same.
    startCsvFileRead(fileA, { backend: 'native' });
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // the read (~5 ms) is done
    write('early-a.csv', a.replace(/\n(-?)(\d)/, '\n$17'));
    expectSameTable(readCsvFileFast(fileA, { backend: 'native' })!, parseCsv(a, fileA));
    write('early-a.csv', a);
    startCsvFileRead(fileA, { backend: 'native' });
    const changed = a.replace('x0,', 'z0,'); // the header changed after the early read began: not taken
    write('early-a.csv', changed);
    expectSameTable(readCsvFileFast(fileA, { backend: 'native' })!, parseCsv(changed, fileA));
  });

  it('an early read of what is not a readable CSV says nothing: the reader reports it as always', () => {
    for (const file of [write.path('nowhere.csv'), write('empty.csv', ''), write('binary.csv', Buffer.from([0x1f, 0x8b, 8, 0, 10, 1, 2]))]) {
      expect(() => startCsvFileRead(file, { backend: 'native' })).not.toThrow();
    }
    expect(() => readTable(write.path('nowhere.csv'))).toThrow('no such file');
    expect(() => readTable(write('binary.csv', Buffer.from([0x1f, 0x8b, 8, 0, 10, 1, 2])))).toThrow('gzip-compressed');
  });

  it('declines data it does not read, and readTable then reports it as csv.ts does', () => {
    const content = `${text(9_000, 3, { crlf: false, lastEnd: true })}1,NaN,3\n`;
    const file = write('nan.csv', content);
    const header = Buffer.from(content.slice(0, content.indexOf('\n') + 1));
    expect(csvFileNumbers(file, header, 3, false, 2)).toBeUndefined();
    expect(readCsvFileFast(file, { backend: 'native' }), 'declined by the engine').toBeNull();
    const inMemory = vi.spyOn(engine, 'csvNumbers');
    expect(() => readTable(file, { backend: 'native' })).toThrow(`"${file}": column "x1" has NaN at row 9001`);
    expect(inMemory, 'the bytes are csv.ts’s: the engine is not asked again').not.toHaveBeenCalled();
    inMemory.mockRestore();
  });
});
