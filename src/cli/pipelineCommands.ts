import { basename } from 'node:path';

import { Command, Option } from 'commander';

import { LABEL_TREATMENTS, RETRAIN_MODES, type RetrainMode } from '../pipeline/choices.js';
import { ConsoleReporter } from '../pipeline/reporter.js';
import type { StageName } from '../pipeline/reproduce.js';

import { assertPipelineInstalled } from '../pipeline/peerDependencies.js';
import { integer } from './flags.js';
import { withInterrupt } from './interrupt.js';

// The pipeline pulls in TF.js, vega and resvg (optional peer dependencies): load it only when a
// pipeline command runs, so that `oinfo search` and `oinfo measure` start fast and work without them.
const pipeline = () => {
  assertPipelineInstalled();
  return import('../pipeline/reproduce.js');
};

/** Runs a stage with Ctrl-C / SIGTERM wired to its AbortSignal; an interrupted run says how to resume. */
function interruptible(resumeHint: string, f: (signal: AbortSignal) => Promise<void>): Promise<void> {
  return withInterrupt(f, {
    onFirst: '\noinfo: stopping… (Ctrl-C again to quit at once)\n',
    aborted: `interrupted; finished work is saved — ${resumeHint} to resume`,
  });
}

export function reproduceCommand(): Command {
  return new Command('reproduce')
    .description("the paper's pipeline: train the MLPs, analyse every layer's O-information, figures and report")
    .option('--dataset <name>', 'fashion-mnist (Debian\'s files), mnist (downloaded and cached) or a directory of IDX files', 'fashion-mnist')
    .option('--seeds <n>', 'networks (seeds 1…n); the paper: 20', integer)
    .option('--epochs <n>', 'training epochs; the paper: 50', integer)
    .option('--retrain-epochs <n>', 're-training epochs (default: the training epochs)', integer)
    .option('--mode <mode>', `re-training mode: ${RETRAIN_MODES.join(', ')} (default prune)`)
    .option('--label <how>', LABEL_HELP)
    .option('--hidden <n>', 'neurons per hidden layer, 784-N-N-N-10 (default 20, the paper\'s; 2…1000)', integer)
    .option('--max-size <k>', 'largest multiplet size analysed (default 20, or the layer width if smaller)', integer)
    .option('--data-seed <n>', 'seed of the minibatch order shared by all networks', integer)
    .option('--out <dir>', 'run folder (default runs/<dataset>[-quick]); re-running resumes it')
    .option('--quick', 'a first look in minutes: 4 seeds, 5 epochs, re-training 3 epochs at k = 2, 4, 8, 12')
    .addHelpText(
      'after',
      `
Examples:
  oinfo reproduce --quick                      # minutes: runs/fashion-mnist-quick/report.html
  oinfo reproduce --seeds 20 --epochs 50       # the paper's protocol
  oinfo reproduce --dataset mnist --out runs/mnist
  oinfo reproduce --hidden 100 --out runs/h100  # the paper's future work: exhaustive to k = 5, beam above`,
    )
    .action(async (opts) => {
      const dir = opts.out ?? `runs/${basename(opts.dataset)}${opts.quick ? '-quick' : ''}`;
      const reporter = new ConsoleReporter();
      const { reproduce } = await pipeline();
      await interruptible(`run \`oinfo reproduce${process.argv.slice(3).map((a) => ` ${a}`).join('')}\` again`, (signal) =>
        reproduce(
          dir,
          {
            dataset: opts.dataset,
            seeds: opts.seeds,
            epochs: opts.epochs,
            retrainEpochs: opts.retrainEpochs,
            mode: opts.mode,
            label: opts.label,
            hidden: opts.hidden,
            maxSize: opts.maxSize,
            dataSeed: opts.dataSeed,
            quick: opts.quick,
          },
          reporter,
          signal,
        ).then(() => undefined),
      );
    });
}

const LABEL_HELP = `label treatment Figure 2's synergy/redundancy selection uses: ${LABEL_TREATMENTS.join(', ')} (default continuous, the paper's; Figure 1 is analysed both ways)`;

const STAGE_HELP: Record<StageName, string> = {
  train: 'train the seeds not trained yet (θ₀, θ, test accuracy, pre-activations)',
  analyze: 'O-information of every layer, label continuous and discrete, and relabelled → results/layerwise*.json, relabelling.json',
  mi: 'single-neuron MI baselines and every method’s selection → results/mi.json',
  retrain: 'MI baselines, then re-train the selected sub-networks from θ₀ → results/retrain.csv',
  report: 'figures and report.html from the results so far',
};

export function stageCommand(name: StageName): Command {
  const command = new Command(name)
    .description(`${STAGE_HELP[name]}, in an existing run folder`)
    .requiredOption('--out <dir>', 'the run folder (made by `oinfo reproduce`)');
  if (name === 'retrain')
    command
      .option('--retrain-epochs <n>', 're-training epochs (default: as recorded in the run)', integer)
      .option('--mode <mode>', `re-training mode: ${RETRAIN_MODES.join(', ')} (default: as recorded in the run)`)
      .option('--label <how>', `${LABEL_HELP.replace(/ \(default.*$/, '')} (default: as recorded in the run)`);
  return command.action(async (opts) => {
    const { runStage } = await pipeline();
    await interruptible(`run \`oinfo ${name} --out ${opts.out}\` again`, (signal) =>
      runStage(name, opts.out, new ConsoleReporter(), signal, { retrainEpochs: opts.retrainEpochs, mode: opts.mode, label: opts.label }),
    );
  });
}
