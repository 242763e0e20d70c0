/** Small statistics for comparing methods paired by network seed (SPEC §6, Figure 2 statistics). */
export { holm } from './holm.js';
export { midRanks } from './midRanks.js';
export { erfc, normalSf } from './normal.js';
export { pairedBootstrapCi, type PairedBootstrapOptions } from './pairedBootstrap.js';
export { WILCOXON_EXACT_MAX_N, type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon.js';
