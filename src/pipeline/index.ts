/**
 * `oinfo/pipeline`: the paper's pipeline as a library (SPEC §6) — train MLPs with TF.js, analyse
 * every layer, re-train sub-networks, figures and report.html. A separate entry from `oinfo` because
 * it loads TF.js, vega and resvg (hundreds of milliseconds, and a top-level await in vega).
 */
export { reproduce, runStage, STAGES, type StageName } from './reproduce.js';
export {
  LABEL_TREATMENTS,
  PAPER_DEFAULTS,
  QUICK_DEFAULTS,
  type LabelTreatment,
  type RetrainMode,
  type RunConfig,
  type RunRequest,
  type RunSettings,
} from './config.js';
export { EXHAUSTIVE_BUDGET, searchPlan, type SearchPlan } from './searchPlan.js';
export { ConsoleReporter, silentReporter, type Reporter } from './reporter.js';
export { runPaths } from './runFolder.js';
export { loadDataset, type Dataset as ImageDataset, type Split } from '../data/datasets.js';
export { BOOTSTRAP_SETTINGS, CHANCE_LEVEL, type Comparison, type RetrainStats, retrainStats, type StatsGroup } from './retrainStats.js';
export { layerwiseFindings, retrainFindings, type Verdict, type VerdictValue } from './findings.js';
