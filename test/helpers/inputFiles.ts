/** A temporary folder per test file for input files, and the check of a one-line OinfoInputError. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';

import { OinfoInputError } from '../../src/errors.js';

export interface InputFolder {
  /** Writes a file into the folder and returns its path. */
  (name: string, content: string | Uint8Array): string;
  /** The path a file of that name has in the folder (nothing written). */
  path(name: string): string;
}

/** Makes a fresh temp folder before the file's tests and removes it after; returns a writer into it. */
export function inputFolder(prefix: string): InputFolder {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  return Object.assign(write, { path: (name: string) => path.join(dir, name) });
}

/** Asserts that `f` throws an OinfoInputError with exactly this one-line message (or one matching it). */
export function expectInputError(f: () => unknown, message: string | RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an OinfoInputError').toBeInstanceOf(OinfoInputError);
  const msg = (caught as Error).message;
  expect(msg).not.toContain('\n');
  if (typeof message === 'string') expect(msg).toBe(message);
  else expect(msg).toMatch(message);
}
