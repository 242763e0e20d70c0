import { existsSync } from 'node:fs';

import { type LabelTreatment, openRun, readConfig, type RetrainMode, type RunConfig, type RunRequest, settingsFrom } from './config.js';
import type { Reporter } from './reporter.js';
import { makeRunDir, refuseFile, runPaths } from './runFolder.js';
import { analyzeStage } from './stageAnalyze.js';
import { miStage } from './stageMi.js';
import { reportStage } from './stageReport.js';
import { retrainStage } from './stageRetrain.js';
import { trainStage } from './stageTrain.js';
import { timed } from './timings.js';
import { runDataset } from './trainingData.js';

export type StageName = 'train' | 'analyze' | 'mi' | 'retrain' | 'report';

interface Stage {
  name: StageName;
  run: (dir: string, config: RunConfig, reporter: Reporter, signal?: AbortSignal) => Promise<void>;
}

/**
 * The stages of the paper's pipeline, in order. Each one skips the work its outputs show done, so
 * a re-run resumes.
 */
export const STAGES: Stage[] = [
  { name: 'train', run: trainStage },
  { name: 'analyze', run: analyzeStage },
  { name: 'mi', run: miStage },
  { name: 'retrain', run: retrainStage },
  { name: 'report', run: reportStage },
];

/** `oinfo reproduce`: opens (or resumes) a run folder and runs every stage. */
export async function reproduce(dir: string, request: RunRequest, reporter: Reporter, signal?: AbortSignal): Promise<RunConfig> {
  // A new run folder is made only once its settings and data set are known good, so that a mistake
  // leaves nothing behind (a stray config.json would refuse the corrected command). The data set
  // is cached, so training does not load it twice.
  if (!existsSync(runPaths(dir).config)) {
    refuseFile(dir);
    await runDataset(settingsFrom(request).dataset);
    makeRunDir(dir);
  }
  const config = openRun(dir, request);
  for (const stage of STAGES) await timed(dir, stage.name, () => stage.run(dir, config, reporter, signal));
  return config;
}

/**
 * `oinfo train|analyze|retrain|report --out DIR`: stages on an existing run folder (retrain runs mi
 * first). `retrain` settings given (mode, epochs, label) are recorded in config.json first.
 */
export async function runStage(
  name: StageName,
  dir: string,
  reporter: Reporter,
  signal?: AbortSignal,
  retrain: { retrainEpochs?: number; mode?: RetrainMode; label?: LabelTreatment } = {},
): Promise<void> {
  let config = readConfig(dir);
  if (Object.values(retrain).some((v) => v !== undefined))
    config = openRun(dir, {
      dataset: config.dataset,
      seeds: config.seeds.length,
      epochs: config.epochs,
      maxSize: config.maxSize,
      dataSeed: config.dataSeed,
      hidden: config.architecture.widths[1],
      exhaustiveBudget: config.exhaustiveBudget,
      quick: config.quick,
      ...retrain,
    });
  const names: StageName[] = name === 'retrain' ? ['mi', 'retrain'] : [name];
  for (const stage of STAGES.filter((s) => names.includes(s.name))) await timed(dir, stage.name, () => stage.run(dir, config, reporter, signal));
}
