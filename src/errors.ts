/**
 * Errors a user can act on. The CLI prints an OinfoInputError as one line `oinfo: <message>` and
 * exits with code 2; anything else is a bug and keeps its stack trace.
 */

/** Bad input: a missing file, an unknown column, a non-numeric cell, an option out of range... */
export class OinfoInputError extends Error {
  override name = 'OinfoInputError';
  /** OINFO_BAD_INPUT, or OINFO_SINGULAR for a multiplet whose covariance is singular. */
  readonly code: string;
  constructor(message: string, options: { code?: string } = {}) {
    super(message);
    this.code = options.code ?? 'OINFO_BAD_INPUT';
  }
}

/**
 * A bad value of an API option. The message names options as the API does (`maxSize must be …`);
 * `describe` words it with other names, so the CLI can show its flags (`--max-size must be …`).
 * `problem` may name further options as `{option}`.
 */
export class OinfoOptionError extends OinfoInputError {
  override name = 'OinfoOptionError';
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`${option} ${problem.replace(/\{(\w+)\}/g, '$1')}`);
  }

  describe(nameOf: (option: string) => string): string {
    return `${nameOf(this.option)} ${this.problem.replace(/\{(\w+)\}/g, (_, option: string) => nameOf(option))}`;
  }
}

/** No compute backend (native addon, WASM module) could be loaded; the message says how to fix it. */
export class OinfoBackendError extends Error {
  override name = 'OinfoBackendError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A failure inside the engine that no input explains: a bug, to be reported. */
export class OinfoEngineError extends Error {
  override name = 'OinfoEngineError';
  readonly code = 'OINFO_INTERNAL';
}

/**
 * Output that could not be written (searchAll: a full disk, a closed pipe, a permission): `code` is the
 * system's (ENOSPC, EPIPE, EACCES, …). Nothing is left at the path written to.
 */
export class OinfoWriteError extends Error {
  override name = 'OinfoWriteError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
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
