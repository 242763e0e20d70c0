import { expect } from 'vitest';

import { OinfoInputError } from '../../src/errors.js';

/** The OinfoInputError a call throws or rejects with; a test failure when it throws something else or nothing. */
export async function inputError(f: () => unknown): Promise<OinfoInputError> {
  try {
    await f();
  } catch (error) {
    expect(error).toBeInstanceOf(OinfoInputError);
    return error as OinfoInputError;
  }
  throw new Error('expected an OinfoInputError, nothing was thrown');
}
