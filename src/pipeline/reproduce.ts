import { mkdirSync } from 'node:fs';

import { openRun, readConfig, type RunConfig, type RunRequest } from './config.js';
import type { Reporter } from './reporter.js';
import { analyzeStage } from './stageAnalyze.js';
import { reportStage } from './stageReport.js';
import { trainStage } from './stageTrain.js';
import { timed } from './timings.js';

export type StageName = 'train' | 'analyze' | 'report';

interface Stage {
  name: StageName;
  run: (dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal) => Promise<void>;
}

/**
 * The stages of the paper's pipeline, in order. Each one skips the work its outputs show done, so
 * a re-run resumes. (Issue #5 adds the MI baselines and the re-training between analyze and report.)
 */
export const STAGES: Stage[] = [
  { name: 'train', run: trainStage },
  { name: 'analyze', run: analyzeStage },
  { name: 'report', run: reportStage },
];

/** `oinfo reproduce`: opens (or resumes) a run folder and runs every stage. */
export async function reproduce(dir: string, request: RunRequest, reporter: Reporter, signal?: AbortSignal): Promise<RunConfig> {
  mkdirSync(dir, { recursive: true });
  const config = openRun(dir, request);
  for (const stage of STAGES) await timed(dir, stage.name, () => stage.run(dir, config, reporter, signal));
  return config;
}

/** `oinfo train|analyze|report --out DIR`: one stage on an existing run folder. */
export async function runStage(name: StageName, dir: string, reporter: Reporter, signal?: AbortSignal): Promise<void> {
  const config = readConfig(dir);
  const stage = STAGES.find((s) => s.name === name)!;
  await timed(dir, stage.name, () => stage.run(dir, config, reporter, signal));
}
