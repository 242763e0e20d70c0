import { OinfoAbortError, OinfoInputError } from '../errors.js';

/** Maps an error thrown by a backend to the API's error classes (bad input, abort), else returns it. */
export function fromEngineError(error: unknown, context = ''): unknown {
  const e = error as { code?: string; name?: string; message?: string };
  if (e?.name === 'AbortError') return new OinfoAbortError();
  if (e?.code === 'OINFO_BAD_INPUT' || e?.code === 'OINFO_SINGULAR')
    return new OinfoInputError(context ? `${context}: ${e.message}` : String(e.message));
  return error;
}
