/**
 * The choices of a run's settings, apart from config.ts so that the CLI can list them in its help
 * without loading the pipeline's modules (config.ts reads and writes run folders).
 */

export const RETRAIN_MODES = ['prune', 'freeze-init', 'freeze-trained'] as const;
export type RetrainMode = (typeof RETRAIN_MODES)[number];

/**
 * How the class label enters the O-information (`--label`): `continuous` copula-normalises it as one
 * variable, as the paper did (results depend on the class numbering); `discrete` is SPEC §7's target.
 * The analysis records Figure 1 both ways; this setting picks the one Figure 2's selection uses.
 */
export const LABEL_TREATMENTS = ['continuous', 'discrete'] as const;
export type LabelTreatment = (typeof LABEL_TREATMENTS)[number];
