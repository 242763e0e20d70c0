/**
 * The TypeScript side of the one wire protocol between JavaScript and the engine (its C++ side is
 * native/protocol/protocol.hpp, shared by the Node addon and the WASM module). Options are encoded
 * here, results decoded here, and a failed call's status becomes one of oinfo's errors here — once,
 * for both transports, which only move arrays (nativeTransport.ts, wasmTransport.ts).
 *
 * No defaults and no validation of user input live here: the API (src/api) resolves and checks every
 * option first. What the engine asserts (e.g. an integer out of range) still comes back as a clear
 * OinfoInputError for callers that bypass the API.
 */
import { OinfoEngineError, OinfoInputError } from '../errors.js';

export const PROTOCOL_VERSION = 8;

/** Field order of the search options array (protocol.hpp SearchOption). */
export const SEARCH_OPTION_FIELDS = [
  'minSize', 'maxSize', 'exhaustiveMax', 'beam', 'top', 'threads', 'biasCorrect', 'units', 'naive', 'useShard', 'shardFrom', 'shardTo',
  'rankBy', 'method', 'budget', 'restarts', 'seed', 'histogramBins', 'groupRoute', 'budgetSeconds',
] as const;
/** Field order of the estimator options array of entropy and measure (protocol.hpp EstimatorOption). */
export const ESTIMATOR_OPTION_FIELDS = ['biasCorrect', 'units', 'naive'] as const;
/** Field order of the class-MI options array (protocol.hpp ClassMiOption). */
export const CLASS_MI_OPTION_FIELDS = ['method', 'copula', 'biasCorrect', 'demeaned'] as const;
/** The discrete target's part of the protocol (protocol.hpp): the two arrays of measure and search, and the op. */
export const DISCRETE_FIELDS = ['classCovs', 'classCounts', 'classCovariances'] as const;
/** Groups (multivariate variables): the array of measure and search giving each group's column count (protocol.hpp). */
export const GROUP_FIELDS = ['groupSizes'] as const;

/** Field order of the options of searchAll, `--all` (protocol.hpp AllOption). */
export const ALL_OPTION_FIELDS = ['minSize', 'maxSize', 'threads', 'biasCorrect', 'units', 'format', 'chunkRanks', 'window'] as const;

/** What the engine's layout() must say; a backend built from other sources says something else. */
export const PROTOCOL_LAYOUT =
  `oinfo-protocol/${PROTOCOL_VERSION} search:${SEARCH_OPTION_FIELDS.join(',')} estimator:${ESTIMATOR_OPTION_FIELDS.join(',')}` +
  ` mi:${CLASS_MI_OPTION_FIELDS.join(',')} result:sizes-v4 ops:covarianceWith,csvNumbers,csvFileNumbers discrete:${DISCRETE_FIELDS.join(',')}` +
  ` groups:${GROUP_FIELDS.join(',')} all:${ALL_OPTION_FIELDS.join(',')} all-result:v1`;

export type Units = 'bits' | 'nats';

/** The measures a search can rank by (protocol.hpp kRankBy: the index in this list). */
export const RANK_BY = ['oinfo', 'tc', 'dtc', 'sinfo'] as const;
export type RankBy = (typeof RANK_BY)[number];

export interface EstimatorOptions {
  /** gcmi's bias correction of every Gaussian entropy. */
  biasCorrect: boolean;
  units: Units;
}

/** Every search option, resolved (src/api/searchOptions.ts makes these from the user's). */
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
  /** The measure the lists rank by (default 'oinfo'): synergy keeps its lowest values, redundancy its highest. */
  rankBy?: RankBy;
  /** Sizes above exhaustiveMax: greedy extension with `beam` (default), or simulated annealing. */
  annealing?: AnnealingOptions;
  /** > 0: each exhaustive size's histogram of Ω over all its multiplets, in this many bins. */
  histogramBins?: number;
  /**
   * A search over groups only: how exhaustive sizes are evaluated — 'auto' (default: the engine's rule),
   * 'direct' (one Cholesky per multiplet) or 'tree' (the block-bordered enumeration). For benchmarks and tests.
   */
  groupRoute?: GroupRoute;
}

/** The formats of searchAll's rows (protocol.hpp kAllFormat: the index in this list). */
export const ALL_FORMATS = ['csv', 'ndjson'] as const;
export type AllFormat = (typeof ALL_FORMATS)[number];

/** searchAll's options, resolved (src/api/searchAll.ts makes these from the user's). */
export interface RawAllOptions extends EstimatorOptions {
  minSize: number;
  maxSize: number;
  threads: number;
  format: AllFormat;
  /** Ranks per chunk (default: the engine's, 16 384); the bytes written do not depend on it. */
  chunkRanks?: number;
  /** Chunks in flight in the reorder window (default: 2 × threads + 2). */
  window?: number;
}

/** The candidates' names as searchAll's rows write them: UTF-8 bytes, where each ends, and whether a CSV field with it is quoted. */
export interface RowLabels {
  bytes: Uint8Array;
  ends: Int32Array;
  quote: Int32Array;
}

export interface RawAllSize {
  size: number;
  /** Rows written. */
  rows: number;
  /** Singular multiplets, left out. */
  singular: number;
}

export interface RawAllResult {
  sizes: RawAllSize[];
  /** Bytes the engine wrote. */
  bytes: number;
  cancelled: boolean;
  /** The errno of the write that failed (0: none). */
  writeError: number;
}

/** The routes of a search over groups (protocol.hpp kGroupRoute: the index in this list). */
export const GROUP_ROUTES = ['auto', 'direct', 'tree'] as const;
export type GroupRoute = (typeof GROUP_ROUTES)[number];

/** The distribution of Ω over every multiplet of an exhaustive size: equal bins over [min, max]. */
export interface OmegaHistogram {
  bins: number;
  min: number;
  max: number;
  counts: number[];
}

/** Simulated annealing above exhaustiveMax (native/engine/annealing.hpp). */
export interface AnnealingOptions {
  /** Evaluations per list and size (ignored with budgetSeconds). */
  budget: number;
  /**
   * > 0: a budget in seconds of wall time per size instead (both lists' chains share it, each chain its
   * share). The number of evaluations then depends on the machine: the result is not repeatable.
   */
  budgetSeconds?: number;
  /** Independent chains per list and size (the budget is split between them). */
  restarts: number;
  /** Seed of the chains' generators: the same seed gives the same result on any backend and thread count. */
  seed: number;
}

/**
 * A discrete target (SPEC §7) as measure and search take it, beside the covariance of X: the class
 * covariances in that covariance's layout (C × dim × dim, class after class) and the class sizes
 * (adding up to nSamples). The target is then no variable of the covariance (target −1).
 */
export interface ClassCovariances {
  covs: Float64Array;
  counts: Float64Array;
}

const NO_CLASSES: ClassCovariances = { covs: new Float64Array(0), counts: new Float64Array(0) };

/** The two arrays a transport passes for `classes` (empty ones: no discrete target). */
export function classArrays(classes: ClassCovariances | undefined): [Float64Array, Float64Array] {
  const c = classes ?? NO_CLASSES;
  return [doubles(c.covs, 'classes.covs'), doubles(c.counts, 'classes.counts')];
}

export interface ClassMiOptions {
  method: 'model' | 'mixture';
  /** gcmi's *_cd variants: copula-normalise first. */
  copula: boolean;
  biasCorrect: boolean;
  demeaned: boolean;
}

export interface RawMeasures {
  tc: number;
  dtc: number;
  oinfo: number;
  sinfo: number;
}

export interface RawMultiplet {
  /** Column indices, ascending; the target is not repeated. With groups: group positions, ascending. */
  variables: number[];
  oinfo: number;
  tc: number;
  dtc: number;
  sinfo: number;
}

export interface RawSizeResult {
  size: number;
  method: 'exhaustive' | 'greedy' | 'annealing';
  evaluated: number;
  singular: number;
  synergy: RawMultiplet[];
  redundancy: RawMultiplet[];
  /** With histogramBins, exhaustive sizes. */
  histogram?: OmegaHistogram;
}

export interface RawSearchResult {
  sizes: RawSizeResult[];
  cancelled: boolean;
}

/** Protocol status codes (protocol.hpp Status). */
export const enum Status {
  Ok = 0,
  BadInput = 1,
  Singular = 2,
  Internal = 3,
}

/** The engine's arrays are typed: anything else is a caller bypassing the API. */
export function doubles(value: unknown, what: string): Float64Array {
  if (!(value instanceof Float64Array)) throw new OinfoInputError(`oinfo protocol: ${what} must be a Float64Array`);
  return value;
}

export function bytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new OinfoInputError(`oinfo protocol: ${what} must be a Uint8Array`);
  return value;
}

export function ints(value: unknown, what: string): Int32Array {
  if (!(value instanceof Int32Array)) throw new OinfoInputError(`oinfo protocol: ${what} must be an Int32Array`);
  return value;
}

function unitsCode(units: unknown): number {
  if (units === 'bits') return 0;
  if (units === 'nats') return 1;
  throw new OinfoInputError(`units must be "bits" or "nats", got "${String(units)}"`);
}

const bit = (value: unknown) => (value ? 1 : 0);

function rankByCode(rankBy: unknown): number {
  if (rankBy === undefined) return 0;
  const code = RANK_BY.indexOf(rankBy as RankBy);
  if (code < 0) throw new OinfoInputError(`rankBy must be one of ${RANK_BY.join(', ')}, got "${String(rankBy)}"`);
  return code;
}

function groupRouteCode(route: unknown): number {
  if (route === undefined) return 0;
  const code = GROUP_ROUTES.indexOf(route as GroupRoute);
  if (code < 0) throw new OinfoInputError(`groupRoute must be one of ${GROUP_ROUTES.join(', ')}, got "${String(route)}"`);
  return code;
}

export function encodeEstimator(o: EstimatorOptions & { naive?: boolean }): Float64Array {
  return Float64Array.of(bit(o.biasCorrect), unitsCode(o.units), bit(o.naive));
}

export function encodeSearchOptions(o: RawSearchOptions): Float64Array {
  const shard = o.shard;
  return Float64Array.of(
    o.minSize, o.maxSize, o.exhaustiveMax, o.beam, o.top, o.threads,
    bit(o.biasCorrect), unitsCode(o.units), bit(o.naive),
    bit(shard), shard ? shard.from : 0, shard ? shard.to : 0,
    rankByCode(o.rankBy),
    bit(o.annealing), o.annealing?.budget ?? 0, o.annealing?.restarts ?? 0, o.annealing?.seed ?? 0,
    o.histogramBins ?? 0,
    groupRouteCode(o.groupRoute),
    o.annealing?.budgetSeconds ?? 0,
  );
}

export function encodeAllOptions(o: RawAllOptions): Float64Array {
  const format = ALL_FORMATS.indexOf(o.format);
  if (format < 0) throw new OinfoInputError(`format must be one of ${ALL_FORMATS.join(', ')}, got "${String(o.format)}"`);
  return Float64Array.of(o.minSize, o.maxSize, o.threads, bit(o.biasCorrect), unitsCode(o.units), format, o.chunkRanks ?? 0, o.window ?? 0);
}

/** protocol.hpp's searchAll result: [cancelled, writeError, bytes, nSizes, per size: size, rows, singular]. */
export function decodeAllResult(buffer: Float64Array): RawAllResult {
  const sizes: RawAllSize[] = [];
  for (let s = 0, i = 4; s < buffer[3]; s++, i += 3) sizes.push({ size: buffer[i], rows: buffer[i + 1], singular: buffer[i + 2] });
  return { cancelled: buffer[0] !== 0, writeError: buffer[1], bytes: buffer[2], sizes };
}

export function encodeClassMiOptions(o: ClassMiOptions): Float64Array {
  return Float64Array.of(o.method === 'mixture' ? 1 : 0, bit(o.copula), bit(o.biasCorrect), bit(o.demeaned));
}

export function decodeMeasures(values: Float64Array): RawMeasures {
  return { tc: values[0], dtc: values[1], oinfo: values[2], sinfo: values[3] };
}

/** The search result layout of protocol.hpp. */
/** A size's method in the search result (protocol.hpp: its index here). */
const SIZE_METHODS = ['exhaustive', 'greedy', 'annealing'] as const;

export function decodeSearchResult(buffer: Float64Array): RawSearchResult {
  let i = 0;
  const next = () => buffer[i++];
  const list = (): RawMultiplet[] => {
    const out: RawMultiplet[] = [];
    for (let m = next(); m > 0; m--) {
      const [oinfo, tc, dtc, sinfo] = [next(), next(), next(), next()];
      const variables: number[] = [];
      for (let v = next(); v > 0; v--) variables.push(next());
      out.push({ variables, oinfo, tc, dtc, sinfo });
    }
    return out;
  };
  const cancelled = next() !== 0;
  const sizes: RawSizeResult[] = [];
  for (let s = next(); s > 0; s--) {
    const size = next();
    const method = SIZE_METHODS[next()];
    const evaluated = next();
    const singular = next();
    const synergy = list();
    const redundancy = list();
    const bins = next();
    const histogram = bins > 0 ? { bins, min: next(), max: next(), counts: Array.from({ length: bins }, next) } : undefined;
    sizes.push({ size, method, evaluated, singular, synergy, redundancy, ...(histogram ? { histogram } : {}) });
  }
  return { sizes, cancelled };
}

/** A failed call as a transport reports it: the status and the engine's message. */
export interface WireFailure {
  status: number;
  message: string;
}

export function isWireFailure(error: unknown): error is WireFailure {
  return typeof (error as WireFailure)?.status === 'number' && typeof (error as WireFailure).message === 'string';
}

/** The error oinfo throws for a failed call. */
export function engineFailure({ status, message }: WireFailure): Error {
  if (status === Status.BadInput) return new OinfoInputError(message);
  if (status === Status.Singular) return new OinfoInputError(message, { code: 'OINFO_SINGULAR' });
  return new OinfoEngineError(message);
}

/**
 * What a transport does: move arrays to the engine and back. Every method returns the operation's
 * doubles or throws a WireFailure-shaped error (an Error with a numeric `status`).
 */
export interface Transport {
  readonly name: 'native' | 'wasm';
  /** The engine's protocol layout (compared with PROTOCOL_LAYOUT at load). */
  readonly layout: string;
  copnorm(data: Float64Array, nSamples: number, nVars: number, threads: number): Float64Array;
  copulaCovariance(data: Float64Array, nSamples: number, nVars: number, threads: number): Float64Array;
  covariance(data: Float64Array, nSamples: number, nVars: number): Float64Array;
  covarianceWith(data: Float64Array, nSamples: number, nVars: number, column: Float64Array): Float64Array;
  entropy(cov: Float64Array, dim: number, nSamples: number, members: Int32Array, options: Float64Array): Float64Array;
  measure(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    members: Int32Array,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    /** Each group's column count (members group after group); empty: every member its own variable. */
    groupSizes: Int32Array,
  ): Float64Array;
  plannedMultiplets(nCandidates: number, options: Float64Array): Float64Array;
  classMi(
    data: Float64Array,
    nSamples: number,
    nVars: number,
    labels: Int32Array,
    nClasses: number,
    options: Float64Array,
  ): Float64Array;
  /** A plain numeric CSV's data rows, column by column; empty when declined (csv_numbers.hpp). crlf: 0 or 1. */
  csvNumbers(text: Uint8Array, fields: number, crlf: number, threads: number): Float64Array;
  /**
   * The same, read from the file at `path` (UTF-8 bytes) by the engine itself, on a thread of its own
   * (csv_file.hpp, native/addon/csv_job.hpp): the file must start with `head`. csvFileStart returns a
   * handle at once; csvFileFinish waits for the numbers (empty when declined), once per handle. Absent
   * from a transport that cannot read files (WASM).
   */
  csvFileStart?(path: Uint8Array, head: Uint8Array, fields: number, crlf: number, threads: number): object;
  csvFileFinish?(job: object): Float64Array;
  /** Class covariances (C × nVars × nVars) of copula-normalised columns, labels 0..nClasses − 1. */
  classCovariances(data: Float64Array, nSamples: number, nVars: number, labels: Int32Array, nClasses: number, threads: number): Float64Array;
  search(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    /** Each candidate group's column count (candidates group after group); empty: no groups. */
    groupSizes: Int32Array,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): { promise: Promise<Float64Array>; cancel(): void };
  /** Every multiplet's row written to the open file descriptor `fd` (protocol.hpp searchAll); the encoded summary. */
  searchAll(
    cov: Float64Array,
    dim: number,
    nSamples: number,
    candidates: Int32Array,
    target: number,
    options: Float64Array,
    classCovs: Float64Array,
    classCounts: Float64Array,
    labels: Uint8Array,
    labelEnds: Int32Array,
    labelQuote: Int32Array,
    fd: number,
    onProgress: ((done: number, total: number) => void) | undefined,
  ): { promise: Promise<Float64Array>; cancel(): void };
}
