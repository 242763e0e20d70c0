/**
 * Errors a user can act on. The CLI prints an OinfoInputError as one line `oinfo: <message>` and
 * exits with code 2; anything else is a bug and keeps its stack trace.
 */

/** Bad input: a missing file, an unknown column, a non-numeric cell, an option out of range... */
export class OinfoInputError extends Error {
  override name = 'OinfoInputError';
  constructor(message: string) {
    super(message);
  }
}

/** No compute backend (native addon, WASM module) could be loaded; the message says how to fix it. */
export class OinfoBackendError extends Error {
  override name = 'OinfoBackendError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A search stopped by an AbortSignal or Ctrl-C. */
export class OinfoAbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(message = 'the search was aborted') {
    super(message);
  }
}
