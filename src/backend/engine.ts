/**
 * The engine as the API sees it, the same on every backend: typed methods over a Transport (the native
 * addon or the WASM module), with the options encoded, results decoded and failures mapped by
 * protocol.ts. Matrices are flat Float64Arrays: data column by column (each variable contiguous),
 * covariances row-major dim × dim. Values come back in the units asked for; variables as column indices.
 */
import { OinfoAbortError, OinfoBackendError } from '../errors.js';
import {
  bytes,
  classArrays,
  type ClassCovariances,
  decodeAllResult,
  encodeAllOptions,
  type RawAllOptions,
  type RawAllResult,
  type RowLabels,
  type ClassMiOptions,
  decodeMeasures,
  decodeSearchResult,
  doubles,
  encodeClassMiOptions,
  encodeEstimator,
  encodeSearchOptions,
  engineFailure,
  type EstimatorOptions,
  ints,
  isWireFailure,
  PROTOCOL_LAYOUT,
  type RawMeasures,
  type RawSearchOptions,
  type RawSearchResult,
  type Transport,
} from './protocol.js';

export type {
  AllFormat,
  RawAllOptions,
  RawAllResult,
  RawAllSize,
  RowLabels,
  ClassCovariances,
  ClassMiOptions,
  EstimatorOptions,
  RawMeasures,
  RawMultiplet,
  AnnealingOptions,
  OmegaHistogram,
  RawSearchOptions,
  RawSearchResult,
  RawSizeResult,
  RankBy,
  GroupRoute,
  Units,
} from './protocol.js';
export { ALL_FORMATS, GROUP_ROUTES, RANK_BY } from './protocol.js';

/** A CSV file being read by the engine (startCsvFile): what was asked, and the engine's handle. */
export interface CsvFileRead {
  readonly path: string;
  readonly head: Uint8Array;
  readonly fields: number;
  readonly crlf: boolean;
  readonly job: object;
}

export type BackendName = 'native' | 'wasm';

export interface AllHandle {
  /** The summary; rejects with OinfoAbortError when cancelled, with the callback's error when onProgress threw. */
  promise: Promise<RawAllResult>;
  cancel(): void;
}

export interface SearchHandle {
  /** Rejects with OinfoAbortError when cancelled, with the callback's error when onProgress threw. */
  promise: Promise<RawSearchResult>;
  cancel(): void;
}

const NO_GROUPS = new Int32Array(0);

/** Runs a transport call, turning a failure it reports into oinfo's error for it. */
function wire<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw isWireFailure(error) ? engineFailure(error) : error;
  }
}

/**
 * Starts a long transport call (a search, `searchAll`) and maps how it ends, the same for both: a progress
 * callback that throws cancels the call and the promise rejects with what it threw; a cancelled result is
 * OinfoAbortError; a failure the engine reports becomes oinfo's error for it.
 */
function runningCall<T extends { cancelled: boolean }>(
  onProgress: ((done: number, total: number) => void) | undefined,
  decode: (buffer: Float64Array) => T,
  start: (progress: ((done: number, total: number) => void) | undefined) => { promise: Promise<Float64Array>; cancel(): void },
): { promise: Promise<T>; cancel(): void } {
  let callbackFailed = false;
  let callbackError: unknown;
  const progress =
    typeof onProgress === 'function'
      ? (done: number, total: number) => {
          if (callbackFailed) return;
          try {
            onProgress(done, total);
          } catch (error) {
            callbackFailed = true;
            callbackError = error;
            handle.cancel();
          }
        }
      : undefined;
  const handle = wire(() => start(progress));
  const promise = handle.promise.then(
    (buffer) => {
      if (callbackFailed) throw callbackError;
      const result = decode(buffer);
      if (result.cancelled) throw new OinfoAbortError();
      return result;
    },
    (error) => {
      if (callbackFailed) throw callbackError;
      throw isWireFailure(error) ? engineFailure(error) : error;
    },
  );
  return { promise, cancel: () => handle.cancel() };
}

export class Engine {
  readonly name: BackendName;

  /** Throws OinfoBackendError when the transport's engine speaks another protocol than this code. */
  constructor(readonly transport: Transport) {
    this.name = transport.name;
    if (transport.layout !== PROTOCOL_LAYOUT)
      throw new OinfoBackendError(
        `the ${transport.name} engine was built from other sources than this oinfo (its protocol is "${transport.layout}", ` +
          `expected "${PROTOCOL_LAYOUT}"): rebuild it with \`npm run build\``,
      );
  }

  copnorm(data: Float64Array, nSamples: number, nVars: number, threads = 0): Float64Array {
    return wire(() => this.transport.copnorm(doubles(data, 'data'), nSamples, nVars, threads));
  }

  copulaCovariance(data: Float64Array, nSamples: number, nVars: number, threads = 0): Float64Array {
    return wire(() => this.transport.copulaCovariance(doubles(data, 'data'), nSamples, nVars, threads));
  }

  /** Plain covariance (divisor N − 1) of the columns, without the copula step. */
  covariance(data: Float64Array, nSamples: number, nVars: number): Float64Array {
    return wire(() => this.transport.covariance(doubles(data, 'data'), nSamples, nVars));
  }

  /** One row of a covariance: `column` (nSamples values) against each column of data (divisor N − 1). */
  covarianceWith(data: Float64Array, nSamples: number, nVars: number, column: Float64Array): Float64Array {
    return wire(() => this.transport.covarianceWith(doubles(data, 'data'), nSamples, nVars, doubles(column, 'column')));
  }

  /** Gaussian entropy of the variables `members`: ½(d ln 2πe + ln det Σ) − c_N(d) when bias-corrected. */
  entropy(cov: Float64Array, dim: number, nSamples: number, members: Int32Array, options: EstimatorOptions): number {
    return wire(() => this.transport.entropy(doubles(cov, 'cov'), dim, nSamples, ints(members, 'members'), encodeEstimator(options)))[0];
  }

  /**
   * TC, DTC, Ω and S of the variables `members`; with `classes`, of those variables and a discrete target
   * (SPEC §7: the classes' covariances of the same variables; the target is not among the members). With
   * `groupSizes`, the members are blocks of columns (each group's column count, members group after
   * group), each block one variable (groups: no `classes`).
   */
  measure(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    members: Int32Array,
    options: EstimatorOptions & { naive?: boolean },
    classes?: ClassCovariances,
    groupSizes: Int32Array = NO_GROUPS,
  ): RawMeasures {
    const [classCovs, classCounts] = classArrays(classes);
    const sizes = ints(groupSizes, 'groupSizes');
    return decodeMeasures(
      wire(() =>
        this.transport.measure(doubles(cov, 'cov'), dim, nSamples, ints(members, 'members'), encodeEstimator(options), classCovs, classCounts, sizes),
      ),
    );
  }

  /**
   * The covariance within each class (demeaned within the class, divisor N_c − 1) of the columns of `data`
   * (copula-normalised over all samples), labels 0..nClasses − 1: nClasses × nVars × nVars, class after class.
   */
  classCovariances(data: Float64Array, nSamples: number, nVars: number, labels: Int32Array, nClasses: number, threads = 0): Float64Array {
    return wire(() => this.transport.classCovariances(doubles(data, 'data'), nSamples, nVars, ints(labels, 'labels'), nClasses, threads));
  }

  /**
   * The numbers of a plain numeric CSV's data rows (native/engine/csv_numbers.hpp has the exact subset):
   * `text` is the file after its header row of `fields` cells, which ended with CRLF (crlf) or LF. Returns
   * rows × fields doubles, column by column, or undefined when the engine declines the text.
   */
  csvNumbers(text: Uint8Array, fields: number, crlf: boolean, threads = 0): Float64Array | undefined {
    const values = wire(() => this.transport.csvNumbers(bytes(text, 'text'), fields, crlf ? 1 : 0, threads));
    return values.length === 0 ? undefined : values;
  }

  /** Whether the engine reads files itself (csvFileStart; the native engine, not WASM). */
  get readsFiles(): boolean {
    return this.transport.csvFileStart !== undefined && this.transport.csvFileFinish !== undefined;
  }

  /**
   * Starts reading the numbers of the CSV file at `path` on a thread of the engine's (native/engine/
   * csv_file.hpp), and returns at once: `head` is the start of the file as the caller read it — its BOM
   * and header row, ending with that row's line end. finishCsvFile takes the numbers. Undefined when the
   * engine reads no files.
   */
  startCsvFile(path: string, head: Uint8Array, fields: number, crlf: boolean, threads = 0): CsvFileRead | undefined {
    const start = this.transport.csvFileStart;
    if (start === undefined) return undefined;
    const job = wire(() => start.call(this.transport, Buffer.from(path, 'utf8'), bytes(head, 'head'), fields, crlf ? 1 : 0, threads));
    return { path, head: Uint8Array.from(head), fields, crlf, job };
  }

  /** The numbers of a read startCsvFile began (csvNumbers' layout), or undefined when the engine declined the file. */
  finishCsvFile(read: CsvFileRead): Float64Array | undefined {
    const values = wire(() => this.transport.csvFileFinish!.call(this.transport, read.job));
    return values.length === 0 ? undefined : values;
  }

  /** Multiplets a search will evaluate (greedy sizes as an upper bound); may exceed 2^53 (an estimate). */
  plannedMultiplets(nCandidates: number, options: RawSearchOptions): number {
    return wire(() => this.transport.plannedMultiplets(nCandidates, encodeSearchOptions(options)))[0];
  }

  /** MI (bits) of the columns of `data`, jointly (one d-dimensional variable), with labels 0..nClasses − 1. */
  classMi(
    data: Float64Array,
    nSamples: number,
    nVars: number,
    labels: Int32Array,
    nClasses: number,
    options: ClassMiOptions,
  ): number {
    const encoded = encodeClassMiOptions(options);
    return wire(() => this.transport.classMi(doubles(data, 'data'), nSamples, nVars, ints(labels, 'labels'), nClasses, encoded))[0];
  }

  search(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: RawSearchOptions,
    onProgress?: (done: number, total: number) => void,
    /** A discrete target (then `target` is −1): the classes' covariances of the same variables as `cov`. */
    classes?: ClassCovariances,
    /**
     * Groups: each candidate group's column count, the candidates being their columns group after group;
     * the result's variables are then group positions. Empty: no groups.
     */
    groupSizes: Int32Array = NO_GROUPS,
  ): SearchHandle {
    const encoded = encodeSearchOptions(options);
    const [classCovs, classCounts] = classArrays(classes);
    const sizes = ints(groupSizes, 'groupSizes');
    return runningCall(onProgress, decodeSearchResult, (progress) =>
      this.transport.search(doubles(cov, 'cov'), dim, nSamples, ints(candidates, 'candidates'), target, encoded, classCovs, classCounts, sizes, progress),
    );
  }

  /**
   * Every multiplet of sizes minSize..maxSize written as a row to the open file descriptor `fd` (by the
   * engine's threads natively, by the search worker with fs.writeSync on WASM), in rank order, from its
   * current position; the file descriptor stays open. `labels`: the candidates' names as the rows write
   * them. A failed write ends the run: the summary's writeError says why (an errno).
   */
  searchAll(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: RawAllOptions,
    labels: RowLabels,
    fd: number,
    onProgress?: (done: number, total: number) => void,
    classes?: ClassCovariances,
  ): AllHandle {
    const encoded = encodeAllOptions(options);
    const [classCovs, classCounts] = classArrays(classes);
    return runningCall(onProgress, decodeAllResult, (progress) =>
      this.transport.searchAll(
        doubles(cov, 'cov'), dim, nSamples, ints(candidates, 'candidates'), target, encoded, classCovs, classCounts,
        bytes(labels.bytes, 'labels.bytes'), ints(labels.ends, 'labels.ends'), ints(labels.quote, 'labels.quote'), fd, progress,
      ),
    );
  }
}
