/**
 * oinfo: O-information and friends with the Gaussian copula (Ince et al. 2017), computed by a native
 * C++ engine. Conventions (SPEC §1): copula-normalised data, covariance with divisor N − 1, gcmi's
 * bias correction by default, bits by default; Ω > 0 redundancy-dominated, Ω < 0 synergy-dominated.
 *
 * The paper's pipeline (TF.js training, figures) is the separate entry `oinfo/pipeline`, so that this
 * one loads in tens of milliseconds and works with require() (no top-level await on its graph).
 */
export { prepare, fromCovariance, covarianceOf, type Dataset, type DataInput, type PrepareOptions } from './api/dataset.js';
export type { CovarianceJson } from './io/covarianceFile.js';
export { measure, type MeasureOptions, type MeasureResult } from './api/measure.js';
export {
  search,
  plannedMultiplets,
  type SearchOptions,
  type SearchControl,
  type SearchResult,
  type SizeResult,
  type Multiplet,
} from './api/search.js';
export {
  searchAll,
  searchAllPlan,
  type SearchAllOptions,
  type SearchAllControl,
  type SearchAllResult,
  type SearchAllSize,
  type SearchAllPlan,
} from './api/searchAll.js';
export { mergeShards } from './api/merge.js';
export {
  searchDistributed,
  type DistributedOptions,
  type DistributedControl,
  type DistributedStatus,
} from './api/distributed/coordinator.js';
export { Worker, type WorkerOptions } from './api/distributed/worker.js';
export type { TargetKind } from './api/discreteTarget.js';
export type { GroupsOption } from './api/groups.js';
export { copnorm } from './api/copnorm.js';
export { entropy, type EntropyOptions } from './api/entropy.js';
export { readTable, type ReadOptions } from './io/readTable.js';
export type { Table } from './io/table.js';
export { getEngine } from './backend/load.js';
export type { BackendName, RankBy, Units } from './backend/engine.js';
export { OinfoInputError, OinfoBackendError, OinfoAbortError, OinfoWriteError } from './errors.js';
export { mi, MI_METHODS, type MiMethod, type MiOptions, type MiResult } from './mi/mi.js';
export { gcmiModelCD, miModelGd, type MiModelOptions, type GcmiOptions } from './mi/modelCd.js';
export { gcmiMixtureCD, miMixtureGd } from './mi/mixtureCd.js';
export type { Signal } from './mi/input.js';
