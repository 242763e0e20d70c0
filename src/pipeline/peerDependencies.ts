/**
 * The paper's pipeline runs on packages that the estimator does not need (TF.js, vega, resvg): they
 * are optional peer dependencies of oinfo, so that `npm install oinfo` stays small and downloads no
 * binaries. This checks, before the pipeline is loaded, that they are installed, and otherwise says
 * which ones and the exact command (versions from oinfo's package.json, the one place they are set).
 * (@tensorflow/tfjs-node is an optional peer the pipeline can do without: it only speeds TF.js up.)
 */
import { assertPeersInstalled } from '../util/peers.js';

const PIPELINE_PACKAGES = ['@resvg/resvg-js', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'vega', 'vega-lite'];

/** Throws an OinfoInputError (exit 2) naming the missing packages and the command that installs them. */
export function assertPipelineInstalled(): void {
  assertPeersInstalled(PIPELINE_PACKAGES, "the paper's pipeline", ' (the estimator does not need them)');
}
