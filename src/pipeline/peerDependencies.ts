/**
 * The paper's pipeline runs on packages that the estimator does not need (TF.js, vega, resvg): they
 * are optional peer dependencies of oinfo, so that `npm install oinfo` stays small and downloads no
 * binaries. This checks, before the pipeline is loaded, that they are installed, and otherwise says
 * which ones and the exact command (versions from oinfo's package.json, the one place they are set).
 */
import { OinfoInputError } from '../errors.js';
import { QUEUE_PACKAGES } from '../api/distributed/redis.js';
import { isInstalled, peerPackages } from '../util/peers.js';

/** Optional peers the pipeline can do without: tfjs-node only speeds TF.js up where it installs. */
const NICE_TO_HAVE = new Set(['@tensorflow/tfjs-node']);

/** The pipeline's required packages with their pinned versions (package.json peerDependencies). */
export function pipelinePackages(): [name: string, version: string][] {
  return peerPackages().filter(([name]) => !NICE_TO_HAVE.has(name) && !QUEUE_PACKAGES.includes(name));
}

/** Throws an OinfoInputError (exit 2) naming the missing packages and the command that installs them. */
export function assertPipelineInstalled(): void {
  const missing = pipelinePackages().filter(([name]) => !isInstalled(name));
  if (missing.length === 0) return;
  throw new OinfoInputError(
    `the paper's pipeline needs ${missing.map(([name]) => name).join(', ')}, not installed with oinfo (the estimator ` +
      `does not need them): npm install ${missing.map(([name, version]) => `${name}@${version}`).join(' ')}`,
  );
}
