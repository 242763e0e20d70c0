/**
 * The contract every compute backend keeps: the native addon (native.ts) and the same engine compiled
 * to WebAssembly (wasm.ts).
 * Matrices are flat Float64Arrays: data column by column (each variable contiguous), covariances
 * row-major dim × dim. Values come back in the units asked for; variables as column indices.
 */

export type BackendName = 'native' | 'wasm';
export type Units = 'bits' | 'nats';

export interface EstimatorOptions {
  /** gcmi's bias correction of every Gaussian entropy (default true). */
  biasCorrect: boolean;
  units: Units;
}

export interface RawMeasures {
  tc: number;
  dtc: number;
  oinfo: number;
  sinfo: number;
}

export interface RawSearchOptions extends EstimatorOptions {
  minSize: number;
  maxSize: number;
  exhaustiveMax: number;
  beam: number;
  top: number;
  threads: number;
  /** Evaluate exhaustive sizes with the naive oracle (the benchmarks' baseline). */
  naive?: boolean;
  /** One shard [from, to) of the lexicographic ranks of a single exhaustive size. */
  shard?: { from: number; to: number };
}

export interface RawMultiplet {
  variables: number[];
  oinfo: number;
}

export interface RawSizeResult {
  size: number;
  method: 'exhaustive' | 'greedy';
  evaluated: number;
  singular: number;
  synergy: RawMultiplet[];
  redundancy: RawMultiplet[];
}

export interface RawSearchResult {
  sizes: RawSizeResult[];
  cancelled: boolean;
}

export interface SearchHandle {
  promise: Promise<RawSearchResult>;
  cancel(): void;
}

export interface Engine {
  readonly name: BackendName;
  copnorm(data: Float64Array, nSamples: number, nVars: number, threads?: number): Float64Array;
  copulaCovariance(data: Float64Array, nSamples: number, nVars: number, threads?: number): Float64Array;
  /** Plain covariance (divisor N − 1) of the columns, without the copula step. */
  covariance(data: Float64Array, nSamples: number, nVars: number): Float64Array;
  /** Gaussian entropy of the variables `members`: ½(d ln 2πe + ln det Σ) − c_N(d) when bias-corrected. */
  entropy(cov: Float64Array, dim: number, nSamples: number, members: Int32Array, options: EstimatorOptions): number;
  measure(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    members: Int32Array,
    options: EstimatorOptions & { naive?: boolean },
  ): RawMeasures;
  plannedMultiplets(nCandidates: number, options: RawSearchOptions): number;
  search(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: RawSearchOptions,
    onProgress?: (done: number, total: number) => void,
  ): SearchHandle;
}
